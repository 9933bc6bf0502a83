//! Known-answer tests, and the test vectors of `docs/crypto.md`.
//!
//! [`vectors`] computes every vector from fixed inputs with the real code. Two tests use it:
//!
//! - `vectors_match_the_pinned_values` compares each line with [`PINNED`], the values written
//!   down once and never regenerated: a change to any format or derivation fails here.
//! - `docs_crypto_md_has_the_vectors` renders the vectors as markdown and requires
//!   `docs/crypto.md` to contain exactly that text between its markers, so the document cannot
//!   drift from the code. After an intended change of the document's wording of a vector, run
//!   `UPDATE_CRYPTO_DOC=1 cargo test -p portal-shared docs_crypto_md` to rewrite that section.

use hpke::kem::X25519HkdfSha256;
use hpke::{Kem as _, Serializable as _};
use sha2::{Digest as _, Sha256};

use super::account::{PasswordChangeRandomness, RegistrationRandomness, change_password_with, register_keys_with};
use super::labels::{AUTH_HASH_INFO, ENCRYPTION_KEY_INFO, FINGERPRINT_PREFIX, WRAPPED_KEY_INFO};
use super::{EncString, KdfParams, KdfSalt, MasterKey, PrivateKey, SymmetricKey, WrappedKey, context};

/// One vector: a title, a sentence of explanation, and `name: value` lines (inputs, then outputs).
struct Vector {
    id: &'static str,
    title: &'static str,
    about: &'static str,
    lines: Vec<(&'static str, String)>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `start, start + 1, ...` as `N` bytes.
fn counting<const N: usize>(start: u8) -> [u8; N] {
    std::array::from_fn(|i| start.wrapping_add(i as u8))
}

fn kdf_lines(params: &KdfParams) -> [(&'static str, String); 3] {
    [
        ("memory_kib", params.memory_kib.to_string()),
        ("iterations", params.iterations.to_string()),
        ("parallelism", params.parallelism.to_string()),
    ]
}

const KDF_PASSWORD: &str = "Provider Portal ✓ 2026";
const REGISTRATION_PASSWORD: &str = "glacier-tandem-OVERCOAT-17";
const NEW_PASSWORD: &str = "saffron quiver MOSAIC 2041";

/// Computes every vector with the real code.
fn vectors() -> Vec<Vector> {
    let mut out = Vec::new();

    // V1, V2: Argon2id.
    let salt1 = KdfSalt::from_bytes(counting(0x00));
    let params1 = KdfParams::new(64, 1, 1);
    let master1 = MasterKey::derive(KDF_PASSWORD, &salt1, &params1).unwrap();
    let mut lines = vec![
        ("password_utf8", KDF_PASSWORD.to_owned()),
        ("password_hex", hex(KDF_PASSWORD.as_bytes())),
        ("salt_hex", hex(salt1.as_bytes())),
        ("salt_base64", salt1.to_base64()),
    ];
    lines.extend(kdf_lines(&params1));
    lines.push(("master_key_hex", hex(master1.as_bytes())));
    out.push(Vector {
        id: "V1",
        title: "Argon2id master key, one lane",
        about: "Argon2id v0x13, no secret, no associated data, 32-byte output.",
        lines,
    });

    let salt2 = KdfSalt::from_bytes(counting(0xf0));
    let params2 = KdfParams::new(256, 2, 4);
    let master2 = MasterKey::derive(KDF_PASSWORD, &salt2, &params2).unwrap();
    let mut lines = vec![("password_utf8", KDF_PASSWORD.to_owned()), ("salt_base64", salt2.to_base64())];
    lines.extend(kdf_lines(&params2));
    lines.push(("master_key_hex", hex(master2.as_bytes())));
    out.push(Vector {
        id: "V2",
        title: "Argon2id master key, four lanes",
        about: "Same password, another salt, 256 KiB, 2 iterations, 4 lanes.",
        lines,
    });

    // V3: HKDF.
    let auth = master1.auth_hash().unwrap();
    let enc_key = master1.encryption_key().unwrap();
    out.push(Vector {
        id: "V3",
        title: "Authentication hash and master encryption key",
        about: "HKDF-SHA256 from the master key of V1: no salt (32 zero bytes), the info below, 32 bytes each.",
        lines: vec![
            ("master_key_hex", hex(master1.as_bytes())),
            ("auth_hash_info_utf8", AUTH_HASH_INFO.to_owned()),
            ("auth_hash_hex", hex(auth.as_bytes())),
            ("auth_hash_base64", auth.to_base64()),
            ("encryption_key_info_utf8", ENCRYPTION_KEY_INFO.to_owned()),
            ("encryption_key_hex", hex(enc_key.as_bytes())),
        ],
    });

    // V4, V5: EncString.
    let key = SymmetricKey::from_bytes(counting(0x00));
    let nonce: [u8; 24] = counting(0x40);
    let plaintext = "Hello, Provider Portal!";
    let enc = EncString::encrypt_with_nonce(&key, plaintext.as_bytes(), context::VAULT_ITEM, nonce).unwrap();
    assert_eq!(enc.decrypt_string(&key, context::VAULT_ITEM).unwrap().as_str(), plaintext);
    out.push(Vector {
        id: "V4",
        title: "EncString",
        about: "XChaCha20-Poly1305; the AAD is the header, a zero byte and the context.",
        lines: vec![
            ("key_hex", hex(key.as_bytes())),
            ("nonce_hex", hex(&nonce)),
            ("context_utf8", context::VAULT_ITEM.to_owned()),
            ("aad_hex", hex(&EncString::aad(context::VAULT_ITEM))),
            ("plaintext_utf8", plaintext.to_owned()),
            ("plaintext_hex", hex(plaintext.as_bytes())),
            ("ciphertext_and_tag_hex", hex(enc.ciphertext())),
            ("enc_string", enc.to_string()),
        ],
    });

    let nonce: [u8; 24] = counting(0x80);
    let empty = EncString::encrypt_with_nonce(&key, b"", context::FOLDER, nonce).unwrap();
    out.push(Vector {
        id: "V5",
        title: "EncString of an empty plaintext",
        about: "Same key as V4: the ciphertext is the 16-byte tag alone.",
        lines: vec![
            ("key_hex", hex(key.as_bytes())),
            ("nonce_hex", hex(&nonce)),
            ("context_utf8", context::FOLDER.to_owned()),
            ("aad_hex", hex(&EncString::aad(context::FOLDER))),
            ("plaintext_hex", String::new()),
            ("ciphertext_and_tag_hex", hex(empty.ciphertext())),
            ("enc_string", empty.to_string()),
        ],
    });

    // V6: key pair and fingerprint.
    let seed: [u8; 32] = counting(0x20);
    let private = PrivateKey::from_bytes(seed);
    let public = private.public_key();
    let digest = Sha256::new().chain_update(FINGERPRINT_PREFIX.as_bytes()).chain_update(public.as_bytes()).finalize();
    out.push(Vector {
        id: "V6",
        title: "X25519 key pair, public key text, fingerprint",
        about: "The private key is the clamped seed; the fingerprint hashes the prefix and the 32 key bytes.",
        lines: vec![
            ("seed_hex", hex(&seed)),
            ("private_key_hex", hex(private.as_bytes())),
            ("public_key_hex", hex(public.as_bytes())),
            ("public_key", public.to_string()),
            ("fingerprint_prefix_utf8", FINGERPRINT_PREFIX.to_owned()),
            ("fingerprint_sha256_hex", hex(&digest)),
            ("fingerprint", public.fingerprint().to_string()),
        ],
    });

    // V7: WrappedKey.
    let wrapped_key = SymmetricKey::from_bytes(counting(0xa0));
    let ikm_e: [u8; 32] = counting(0x60);
    let (sk_e, pk_e) = X25519HkdfSha256::derive_keypair(&ikm_e);
    let wrapped = WrappedKey::seal_with_ikm(&public, &wrapped_key, context::ORGANIZATION_KEY, ikm_e).unwrap();
    assert_eq!(wrapped.enc().as_slice(), pk_e.to_bytes().as_slice());
    assert_eq!(wrapped.open(&private, context::ORGANIZATION_KEY).unwrap(), wrapped_key);
    out.push(Vector {
        id: "V7",
        title: "WrappedKey",
        about: "HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, to the public key of \
                V6; the ephemeral key pair is DeriveKeyPair(ikm_e) as in RFC 9180 (its private key shown clamped, as \
                SerializePrivateKey outputs it).",
        lines: vec![
            ("recipient_public_key", public.to_string()),
            ("recipient_private_key_hex", hex(private.as_bytes())),
            ("key_hex", hex(wrapped_key.as_bytes())),
            ("context_utf8", context::ORGANIZATION_KEY.to_owned()),
            ("info_utf8", WRAPPED_KEY_INFO.to_owned()),
            ("aad_hex", hex(&WrappedKey::aad(context::ORGANIZATION_KEY))),
            ("ikm_e_hex", hex(&ikm_e)),
            ("sk_e_clamped_hex", hex(&sk_e.to_bytes())),
            ("enc_hex", hex(wrapped.enc())),
            ("ciphertext_and_tag_hex", hex(wrapped.ciphertext())),
            ("wrapped_key", wrapped.to_string()),
        ],
    });

    // V8: registration.
    let randomness = RegistrationRandomness {
        salt: counting(0x10),
        user_key: counting(0xc0),
        private_key: counting(0xe0),
        user_key_nonce: counting(0x00),
        private_key_nonce: counting(0x18),
    };
    let params = KdfParams::new(64, 1, 1);
    let reg = register_keys_with(REGISTRATION_PASSWORD, &params, &randomness).unwrap();
    let master = MasterKey::derive(REGISTRATION_PASSWORD, &reg.kdf_salt, &params).unwrap();
    let mut lines =
        vec![("password_utf8", REGISTRATION_PASSWORD.to_owned()), ("salt_base64", reg.kdf_salt.to_base64())];
    lines.extend(kdf_lines(&params));
    lines.extend([
        ("user_key_hex", hex(&randomness.user_key)),
        ("private_key_seed_hex", hex(&randomness.private_key)),
        ("user_key_nonce_hex", hex(&randomness.user_key_nonce)),
        ("private_key_nonce_hex", hex(&randomness.private_key_nonce)),
        ("master_key_hex", hex(master.as_bytes())),
        ("master_encryption_key_hex", hex(master.encryption_key().unwrap().as_bytes())),
        ("auth_hash_base64", reg.auth_hash.to_base64()),
        ("encrypted_user_key", reg.encrypted_user_key.to_string()),
        ("private_key_hex", hex(reg.unlocked.private_key().as_bytes())),
        ("encrypted_private_key", reg.encrypted_private_key.to_string()),
        ("public_key", reg.public_key.to_string()),
        ("fingerprint", reg.public_key.fingerprint().to_string()),
    ]);
    out.push(Vector {
        id: "V8",
        title: "Registration",
        about: "Everything a registration produces, from fixed random inputs. The user key is encrypted with \
                context provider-portal/v1/user-key, the private key with provider-portal/v1/private-key.",
        lines,
    });

    // V9: password change of the V8 user.
    let change_randomness = PasswordChangeRandomness { salt: counting(0x30), nonce: counting(0x48) };
    let new_params = KdfParams::new(128, 1, 2);
    let change = change_password_with(
        REGISTRATION_PASSWORD,
        &reg.kdf_salt,
        &params,
        &reg.encrypted_user_key,
        NEW_PASSWORD,
        &new_params,
        &change_randomness,
    )
    .unwrap();
    let new_master = MasterKey::derive(NEW_PASSWORD, &change.kdf_salt, &new_params).unwrap();
    let mut lines = vec![
        ("current_password_utf8", REGISTRATION_PASSWORD.to_owned()),
        ("encrypted_user_key", reg.encrypted_user_key.to_string()),
        ("new_password_utf8", NEW_PASSWORD.to_owned()),
        ("new_salt_base64", change.kdf_salt.to_base64()),
    ];
    lines.extend(kdf_lines(&new_params));
    lines.extend([
        ("nonce_hex", hex(&change_randomness.nonce)),
        ("current_auth_hash_base64", change.current_auth_hash.to_base64()),
        ("new_master_encryption_key_hex", hex(new_master.encryption_key().unwrap().as_bytes())),
        ("new_auth_hash_base64", change.auth_hash.to_base64()),
        ("new_encrypted_user_key", change.encrypted_user_key.to_string()),
    ]);
    out.push(Vector {
        id: "V9",
        title: "Password change",
        about: "The V8 user changes the password: the same user key (V8) under the new master encryption key.",
        lines,
    });

    // V10: a client organization's key under its provider's key.
    let provider_key = SymmetricKey::from_bytes(counting(0x70));
    let org_key = SymmetricKey::from_bytes(counting(0x90));
    let nonce: [u8; 24] = counting(0x50);
    let org_enc =
        EncString::encrypt_with_nonce(&provider_key, org_key.as_bytes(), context::ORGANIZATION_KEY, nonce).unwrap();
    out.push(Vector {
        id: "V10",
        title: "Client organization key under the provider key",
        about: "An EncString whose plaintext is the 32-byte organization key.",
        lines: vec![
            ("provider_key_hex", hex(provider_key.as_bytes())),
            ("organization_key_hex", hex(org_key.as_bytes())),
            ("nonce_hex", hex(&nonce)),
            ("context_utf8", context::ORGANIZATION_KEY.to_owned()),
            ("enc_string", org_enc.to_string()),
        ],
    });

    out
}

/// The vectors as the markdown of `docs/crypto.md`.
fn render(vectors: &[Vector]) -> String {
    let mut md = String::new();
    for v in vectors {
        md.push_str(&format!("### {}. {}\n\n{}\n\n```text\n", v.id, v.title, v.about));
        for (name, value) in &v.lines {
            if value.is_empty() {
                md.push_str(&format!("{name}:\n"));
            } else {
                md.push_str(&format!("{name}: {value}\n"));
            }
        }
        md.push_str("```\n\n");
    }
    md
}

const BEGIN: &str = "<!-- BEGIN GENERATED VECTORS: shared/src/crypto/vectors.rs -->\n";
const END: &str = "<!-- END GENERATED VECTORS -->";

/// The values written down once. Never regenerate these to make a test pass: a difference means
/// that data encrypted by earlier clients may no longer open.
const PINNED: &[(&str, &str, &str)] = &[
    ("V1", "password_utf8", "Provider Portal ✓ 2026"),
    ("V1", "password_hex", "50726f766964657220506f7274616c20e29c932032303236"),
    ("V1", "salt_hex", "000102030405060708090a0b0c0d0e0f"),
    ("V1", "salt_base64", "AAECAwQFBgcICQoLDA0ODw=="),
    ("V1", "memory_kib", "64"),
    ("V1", "iterations", "1"),
    ("V1", "parallelism", "1"),
    ("V1", "master_key_hex", "ea6ff8fcd1a4d3280657d4e39570cf9cfc1fe111ae8b41a5393973c8d4795dd6"),
    ("V2", "password_utf8", "Provider Portal ✓ 2026"),
    ("V2", "salt_base64", "8PHy8/T19vf4+fr7/P3+/w=="),
    ("V2", "memory_kib", "256"),
    ("V2", "iterations", "2"),
    ("V2", "parallelism", "4"),
    ("V2", "master_key_hex", "2d0f811c1f5570b69294920f3f607583d509e63fc85fe063d9b808343cf3b592"),
    ("V3", "master_key_hex", "ea6ff8fcd1a4d3280657d4e39570cf9cfc1fe111ae8b41a5393973c8d4795dd6"),
    ("V3", "auth_hash_info_utf8", "provider-portal/v1/auth-hash"),
    ("V3", "auth_hash_hex", "97dcc2110655a5d4ae69e53ce775c406b442d7aff2a884e77cf18fefe945f444"),
    ("V3", "auth_hash_base64", "l9zCEQZVpdSuaeU853XEBrRC16/yqITnfPGP7+lF9EQ="),
    ("V3", "encryption_key_info_utf8", "provider-portal/v1/encryption-key"),
    ("V3", "encryption_key_hex", "9b773d4c83fe7634735cf073718aeb433f45d1f0a43b9acdda445b74370def7c"),
    ("V4", "key_hex", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
    ("V4", "nonce_hex", "404142434445464748494a4b4c4d4e4f5051525354555657"),
    ("V4", "context_utf8", "provider-portal/v1/vault-item"),
    ("V4", "aad_hex", "76312e78633230700070726f76696465722d706f7274616c2f76312f7661756c742d6974656d"),
    ("V4", "plaintext_utf8", "Hello, Provider Portal!"),
    ("V4", "plaintext_hex", "48656c6c6f2c2050726f766964657220506f7274616c21"),
    ("V4", "ciphertext_and_tag_hex", "9c5c691cbfcc5946fd9bf1d7cbf917b2c2d5dfb0723572b7df173073faa9b38d373aa4aea94b31"),
    (
        "V4",
        "enc_string",
        "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.nFxpHL_MWUb9m_HXy_kXssLV37ByNXK33xcwc_qps403OqSuqUsx",
    ),
    ("V5", "key_hex", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
    ("V5", "nonce_hex", "808182838485868788898a8b8c8d8e8f9091929394959697"),
    ("V5", "context_utf8", "provider-portal/v1/folder"),
    ("V5", "aad_hex", "76312e78633230700070726f76696465722d706f7274616c2f76312f666f6c646572"),
    ("V5", "plaintext_hex", ""),
    ("V5", "ciphertext_and_tag_hex", "f405c6fb51a39d9e9bc02534963559ed"),
    ("V5", "enc_string", "v1.xc20p.gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaX.9AXG-1GjnZ6bwCU0ljVZ7Q"),
    ("V6", "seed_hex", "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
    ("V6", "private_key_hex", "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e7f"),
    ("V6", "public_key_hex", "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254"),
    ("V6", "public_key", "x25519.NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ"),
    ("V6", "fingerprint_prefix_utf8", "provider-portal/v1/fingerprint/x25519"),
    ("V6", "fingerprint_sha256_hex", "b7137bf5b8d207a3481bc059752cfdedfeb5bc2e7fd964a9fc60d41b1e9f5a96"),
    ("V6", "fingerprint", "06104 73499 72285 72206 99580 07519"),
    ("V7", "recipient_public_key", "x25519.NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ"),
    ("V7", "recipient_private_key_hex", "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e7f"),
    ("V7", "key_hex", "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"),
    ("V7", "context_utf8", "provider-portal/v1/organization-key"),
    ("V7", "info_utf8", "provider-portal/v1/wrapped-key"),
    (
        "V7",
        "aad_hex",
        "76312e68706b652d7832353531390070726f76696465722d706f7274616c2f76312f6f7267616e697a6174696f6e2d6b6579",
    ),
    ("V7", "ikm_e_hex", "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"),
    ("V7", "sk_e_clamped_hex", "c8f6c83119182d8b0d21a1de07ad84a9e04908488f8f9592540eb6969ead1545"),
    ("V7", "enc_hex", "bad762e098446cbcc58b30c7e804f82847b8b911185996582af9f27bfd4e875f"),
    (
        "V7",
        "ciphertext_and_tag_hex",
        "8896cf78a743ed21ad37c7950ae957de581c49d377c2eb59f8604a7a40c46f30b2f0aa26a5bc1270b93023f31bb9ad56",
    ),
    (
        "V7",
        "wrapped_key",
        "v1.hpke-x25519.utdi4JhEbLzFizDH6AT4KEe4uREYWZZYKvnye_1Oh18.iJbPeKdD7SGtN8eVCulX3lgcSdN3wutZ-GBKekDEbzCy8KompbwScLkwI_Mbua1W",
    ),
    ("V8", "password_utf8", "glacier-tandem-OVERCOAT-17"),
    ("V8", "salt_base64", "EBESExQVFhcYGRobHB0eHw=="),
    ("V8", "memory_kib", "64"),
    ("V8", "iterations", "1"),
    ("V8", "parallelism", "1"),
    ("V8", "user_key_hex", "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"),
    ("V8", "private_key_seed_hex", "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
    ("V8", "user_key_nonce_hex", "000102030405060708090a0b0c0d0e0f1011121314151617"),
    ("V8", "private_key_nonce_hex", "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"),
    ("V8", "master_key_hex", "378878ae27b7a44aa61943a0a01705a6ca0191c09a1430e5349eaf0d9b6d44e6"),
    ("V8", "master_encryption_key_hex", "3a62266a014ebc520cb356c9c013a2d4b7ca91186796964a040ce30522be2330"),
    ("V8", "auth_hash_base64", "RBahl1zb0MJVF8u634yPAUJXOaZAjAgQSHdyfoVTgNc="),
    (
        "V8",
        "encrypted_user_key",
        "v1.xc20p.AAECAwQFBgcICQoLDA0ODxAREhMUFRYX.hDARX7O0v-lCRst3NDihCIEnF_G497WSX_tbU0mDbjI5eVlYCumR17Q1OoYgPNoh",
    ),
    ("V8", "private_key_hex", "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe7f"),
    (
        "V8",
        "encrypted_private_key",
        "v1.xc20p.GBkaGxwdHh8gISIjJCUmJygpKissLS4v.v5RAQTvv7wxh4Agx7JBledIpFyAfd0gllwhskTKa-kDk0jf1b-SnGor8u_J7ux0u",
    ),
    ("V8", "public_key", "x25519.c2hF1U6H3gnWuxFKpwQsUKSgFb2ZAdGgAm9ZVlM6FRk"),
    ("V8", "fingerprint", "54725 26855 74481 65606 00171 26178"),
    ("V9", "current_password_utf8", "glacier-tandem-OVERCOAT-17"),
    (
        "V9",
        "encrypted_user_key",
        "v1.xc20p.AAECAwQFBgcICQoLDA0ODxAREhMUFRYX.hDARX7O0v-lCRst3NDihCIEnF_G497WSX_tbU0mDbjI5eVlYCumR17Q1OoYgPNoh",
    ),
    ("V9", "new_password_utf8", "saffron quiver MOSAIC 2041"),
    ("V9", "new_salt_base64", "MDEyMzQ1Njc4OTo7PD0+Pw=="),
    ("V9", "memory_kib", "128"),
    ("V9", "iterations", "1"),
    ("V9", "parallelism", "2"),
    ("V9", "nonce_hex", "48494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"),
    ("V9", "current_auth_hash_base64", "RBahl1zb0MJVF8u634yPAUJXOaZAjAgQSHdyfoVTgNc="),
    ("V9", "new_master_encryption_key_hex", "64d7795dbd5f56a6dfdf456a33ece4bbcdc9ff9c74aa9a1b1cf573a8c4b2feda"),
    ("V9", "new_auth_hash_base64", "LjmKuL6YknzbU/s2SIzi4SJjWUqtfqKEoxKuqhVHNCw="),
    (
        "V9",
        "new_encrypted_user_key",
        "v1.xc20p.SElKS0xNTk9QUVJTVFVWV1hZWltcXV5f.MNAikowWppX8stWnpBhne0OApTKFQiIqxgjWxTu8NyUwA6QUsxCT6Kj8hYRAIrPr",
    ),
    ("V10", "provider_key_hex", "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"),
    ("V10", "organization_key_hex", "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf"),
    ("V10", "nonce_hex", "505152535455565758595a5b5c5d5e5f6061626364656667"),
    ("V10", "context_utf8", "provider-portal/v1/organization-key"),
    (
        "V10",
        "enc_string",
        "v1.xc20p.UFFSU1RVVldYWVpbXF1eX2BhYmNkZWZn.5LGWnvIKg6FswuMF1fIWMEaM0xcLeI9QVBe1-CTTWpkRidudEmNS00jzOmhLsQt1",
    ),
];

#[test]
fn vectors_match_the_pinned_values() {
    let computed: Vec<(&str, &str, String)> =
        vectors().into_iter().flat_map(|v| v.lines.into_iter().map(move |(n, value)| (v.id, n, value))).collect();
    let as_rust: String =
        computed.iter().map(|(id, name, value)| format!("    ({id:?}, {name:?}, {value:?}),\n")).collect();
    assert_eq!(computed.len(), PINNED.len(), "the number of vector lines changed; computed:\n{as_rust}");
    for ((id, name, value), (pid, pname, pvalue)) in computed.iter().zip(PINNED) {
        assert_eq!((*id, *name), (*pid, *pname), "the vector lines changed; computed:\n{as_rust}");
        assert_eq!(value, pvalue, "{id} {name} differs from the pinned value");
    }
}

#[test]
fn docs_crypto_md_has_the_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/crypto.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let begin = doc.find(BEGIN).expect("docs/crypto.md lacks the BEGIN GENERATED VECTORS marker") + BEGIN.len();
    let end = doc[begin..].find(END).expect("docs/crypto.md lacks the END GENERATED VECTORS marker") + begin;
    let rendered = format!("\n{}", render(&vectors()));
    if std::env::var_os("UPDATE_CRYPTO_DOC").is_some() {
        std::fs::write(path, format!("{}{}{}", &doc[..begin], rendered, &doc[end..])).unwrap();
        return;
    }
    assert!(
        doc[begin..end] == rendered,
        "docs/crypto.md's test vectors differ from what the code computes; if the document is what changed \
         deliberately, run UPDATE_CRYPTO_DOC=1 cargo test -p portal-shared docs_crypto_md"
    );
}

/// External known answers: the primitives under the formats are the standard ones.
mod external {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    use chacha20poly1305::{XChaCha20Poly1305, XNonce};

    use super::{counting, hex};

    /// draft-irtf-cfrg-xchacha-03, A.3.1.
    #[test]
    fn xchacha20_poly1305_draft_vector() {
        let key: [u8; 32] = counting(0x80);
        let nonce: [u8; 24] = counting(0x40);
        let aad = [0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7];
        let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, \
                          sunscreen would be it.";
        let sealed = XChaCha20Poly1305::new(&key.into())
            .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad: &aad })
            .unwrap();
        assert_eq!(
            hex(&sealed),
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c670\
             8c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da97\
             68812f615c68b13b52ec0875924c1c7987947deafd8780acf49"
        );
    }

    /// RFC 9106 §5.3: Argon2id with a secret and associated data (not used by the formats, but it
    /// pins the implementation under them).
    #[test]
    fn argon2id_rfc9106_vector() {
        use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};
        let ad = AssociatedData::new(&[4; 12]).unwrap();
        let params = ParamsBuilder::new().m_cost(32).t_cost(3).p_cost(4).data(ad).output_len(32).build().unwrap();
        let argon2 = Argon2::new_with_secret(&[3; 8], Algorithm::Argon2id, Version::V0x13, params).unwrap();
        let mut out = [0u8; 32];
        argon2.hash_password_into(&[1; 32], &[2; 16], &mut out).unwrap();
        assert_eq!(hex(&out), "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }
}
