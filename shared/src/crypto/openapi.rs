//! OpenAPI schemas of the text formats (feature `openapi`): each is a string with a pattern; the
//! examples are vectors of docs/crypto.md.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use super::{AuthHash, EncString, KdfSalt, PublicKey, WrappedKey};

fn string_schema(description: &str, pattern: &str, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .examples([example])
        .into()
}

macro_rules! text_schema {
    ($ty:ty, $description:literal, $pattern:literal, $example:literal) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                string_schema($description, $pattern, $example)
            }
        }

        impl ToSchema for $ty {}
    };
}

text_schema!(
    EncString,
    "An encrypted value (XChaCha20-Poly1305), see docs/crypto.md.",
    "^v1\\.xc20p\\.[A-Za-z0-9_-]{32}\\.[A-Za-z0-9_-]{22,}$",
    "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.nFxpHL_MWUb9m_HXy_kXssLV37ByNXK33xcwc_qps403OqSuqUsx"
);
text_schema!(
    WrappedKey,
    "A symmetric key encrypted to a public key (HPKE, RFC 9180), see docs/crypto.md.",
    "^v1\\.hpke-x25519\\.[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{64}$",
    "v1.hpke-x25519.utdi4JhEbLzFizDH6AT4KEe4uREYWZZYKvnye_1Oh18.iJbPeKdD7SGtN8eVCulX3lgcSdN3wutZ-GBKekDEbzCy8KompbwScLkwI_Mbua1W"
);
text_schema!(
    PublicKey,
    "An X25519 public key, see docs/crypto.md.",
    "^x25519\\.[A-Za-z0-9_-]{43}$",
    "x25519.NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ"
);
text_schema!(
    KdfSalt,
    "The user's 16-byte Argon2id salt, standard base64 with padding.",
    "^[A-Za-z0-9+/]{22}==$",
    "AAECAwQFBgcICQoLDA0ODw=="
);
text_schema!(
    AuthHash,
    "The 32-byte authentication hash derived from the master password, standard base64 with padding.",
    "^[A-Za-z0-9+/]{43}=$",
    "l9zCEQZVpdSuaeU853XEBrRC16/yqITnfPGP7+lF9EQ="
);

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;

    use super::*;

    fn example<T: PartialSchema>() -> String {
        let RefOr::T(Schema::Object(object)) = T::schema() else { panic!("not an inline object schema") };
        object.examples[0].as_str().unwrap().to_owned()
    }

    #[test]
    fn examples_parse() {
        example::<EncString>().parse::<EncString>().unwrap();
        example::<WrappedKey>().parse::<WrappedKey>().unwrap();
        example::<PublicKey>().parse::<PublicKey>().unwrap();
        example::<KdfSalt>().parse::<KdfSalt>().unwrap();
        example::<AuthHash>().parse::<AuthHash>().unwrap();
    }
}
