//! A small master-password strength estimator for registration feedback, shared by the portal
//! (as the user types) and by [`crate::crypto::register_keys`] (which refuses weak passwords,
//! since the server never sees the password and cannot check it).
//!
//! The shape follows zxcvbn (a score from 0 to 4 and human feedback), the model is much smaller:
//! the password is split into the parts an attacker guesses cheaply (common passwords and words,
//! the user's own name and email, repeats, sequences, years), each costing a few bits, and the
//! rest, which costs `log2(alphabet)` bits per character. The total in bits gives the score.
//! No dependencies, no large word lists: it errs on the generous side for unusual words, so
//! [`MIN_LENGTH`] does part of the work.

/// The shortest master password accepted, in characters (Unicode scalar values).
pub const MIN_LENGTH: usize = 12;

/// The lowest score accepted for a master password (the portal and the shared crate agree).
pub const MIN_SCORE: u8 = 3;

/// Score thresholds in estimated bits: below `SCORE_BITS[i]` the score is `i`; 4 above all.
const SCORE_BITS: [u32; 4] = [28, 40, 55, 72];

/// Only the first characters are analysed; the rest count at full cost.
const MAX_ANALYSED: usize = 256;

/// One piece of feedback. [`Hint::message`] is the English text; [`Hint::code`] a stable key for
/// translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hint {
    /// Shorter than [`MIN_LENGTH`].
    TooShort,
    /// The whole password is a well-known password.
    CommonPassword,
    /// It contains a common password or word.
    CommonWord,
    /// It contains the user's name or email address.
    PersonalInfo,
    /// It contains repeated characters or blocks (`aaa`, `abcabc`).
    Repeats,
    /// It contains a sequence (`abcd`, `4321`, `qwerty`).
    Sequence,
    /// It contains a year.
    Year,
    /// Suggestion: make it longer.
    AddWords,
    /// Suggestion: use more kinds of characters.
    MixCharacters,
}

impl Hint {
    /// A stable machine-readable key.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::CommonPassword => "common_password",
            Self::CommonWord => "common_word",
            Self::PersonalInfo => "personal_info",
            Self::Repeats => "repeats",
            Self::Sequence => "sequence",
            Self::Year => "year",
            Self::AddWords => "add_words",
            Self::MixCharacters => "mix_characters",
        }
    }

    /// The English feedback line.
    pub const fn message(&self) -> &'static str {
        match self {
            Self::TooShort => "Use at least 12 characters.",
            Self::CommonPassword => "This is one of the most common passwords.",
            Self::CommonWord => "Common passwords and words are easy to guess, even with small changes.",
            Self::PersonalInfo => "Avoid your name and email address in the password.",
            Self::Repeats => "Repeated characters like \"aaa\" or \"abcabc\" are easy to guess.",
            Self::Sequence => "Sequences like \"abcd\", \"4321\" or \"qwerty\" are easy to guess.",
            Self::Year => "Years and dates are easy to guess.",
            Self::AddWords => "Make it longer: a phrase of four or more unrelated words works well.",
            Self::MixCharacters => "Mix in capitals, digits or symbols, not only at the start or end.",
        }
    }

    /// Whether this says what is wrong (a warning) rather than what to do (a suggestion).
    pub const fn is_warning(&self) -> bool {
        !matches!(self, Self::AddWords | Self::MixCharacters)
    }
}

/// The estimate for one password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (strong).
    pub score: u8,
    /// The estimated guessing cost in bits (log2 of the guesses), rounded down.
    pub bits: u32,
    /// The length in characters.
    pub length: usize,
    /// Feedback, warnings first, without duplicates.
    pub hints: Vec<Hint>,
}

impl Strength {
    /// Whether a master password with this estimate is accepted: at least [`MIN_LENGTH`]
    /// characters and a score of at least [`MIN_SCORE`].
    pub fn is_acceptable(&self) -> bool {
        self.length >= MIN_LENGTH && self.score >= MIN_SCORE
    }

    /// A label for the score.
    pub const fn label(&self) -> &'static str {
        match self.score {
            0 => "Very weak",
            1 => "Weak",
            2 => "Fair",
            3 => "Good",
            _ => "Strong",
        }
    }

    /// The feedback lines, warnings first.
    pub fn feedback(&self) -> Vec<&'static str> {
        self.hints.iter().map(Hint::message).collect()
    }
}

/// Estimates the strength of `password`. `user_inputs` are the user's email address and name
/// (or anything else personal): their parts (the email's local part, split on punctuation, and
/// the name's words; 3 characters or more) are penalized where the password contains them.
pub fn estimate(password: &str, user_inputs: &[&str]) -> Strength {
    let chars: Vec<char> = password.chars().collect();
    let length = chars.len();
    let analysed = &chars[..length.min(MAX_ANALYSED)];
    let lower: Vec<char> = analysed.iter().map(|&c| c.to_lowercase().next().unwrap_or(c)).collect();
    let unleet: Vec<char> = lower.iter().map(|&c| unleet(c)).collect();

    let mut matches = Vec::new();
    find_personal(&lower, &unleet, user_inputs, &mut matches);
    find_common(analysed, &lower, &unleet, &mut matches);
    find_repeats(&lower, &mut matches);
    find_sequences(&lower, &mut matches);
    find_years(analysed, &mut matches);

    // Longest first; a match is kept only where nothing kept so far covers its characters.
    matches.sort_by(|a, b| b.len().cmp(&a.len()).then(a.start.cmp(&b.start)));
    let mut covered = vec![false; analysed.len()];
    let mut bits = 0.0f64;
    let mut hints = Vec::new();
    for m in &matches {
        if covered[m.start..m.end].iter().any(|&c| c) {
            continue;
        }
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
        bits += m.bits;
        let hint = if m.hint == Hint::CommonWord && m.len() == length { Hint::CommonPassword } else { m.hint };
        push_unique(&mut hints, hint);
    }
    let per_char = f64::from(alphabet_size(&chars)).log2();
    let uncovered = covered.iter().filter(|&&c| !c).count() + (length - analysed.len());
    bits += per_char * uncovered as f64;

    let bits = bits.floor() as u32;
    let score = SCORE_BITS.iter().position(|&t| bits < t).unwrap_or(SCORE_BITS.len()) as u8;

    if length < MIN_LENGTH {
        hints.insert(0, Hint::TooShort);
    }
    if score < MIN_SCORE {
        push_unique(&mut hints, Hint::AddWords);
        if character_kinds(&chars) <= 1 && length > 0 {
            push_unique(&mut hints, Hint::MixCharacters);
        }
    }
    Strength { score, bits, length, hints }
}

/// A span of the password `[start, end)` guessed for `bits` bits.
struct Match {
    start: usize,
    end: usize,
    bits: f64,
    hint: Hint,
}

impl Match {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

fn push_unique(hints: &mut Vec<Hint>, hint: Hint) {
    if !hints.contains(&hint) {
        hints.push(hint);
    }
}

/// The usual letter substitutions, undone.
fn unleet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => c,
    }
}

/// Every start index where `needle` occurs in `haystack`.
fn occurrences(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

fn find_personal(lower: &[char], unleeted: &[char], user_inputs: &[&str], out: &mut Vec<Match>) {
    let mut tokens: Vec<Vec<char>> = Vec::new();
    for input in user_inputs {
        let input = input.trim().to_lowercase();
        let local = input.split('@').next().unwrap_or_default();
        let parts: Vec<&str> = local.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
        let joined: String = parts.concat();
        for token in parts.into_iter().map(str::to_owned).chain(std::iter::once(joined)) {
            let token: Vec<char> = token.chars().collect();
            if token.len() >= 3 && !tokens.contains(&token) {
                tokens.push(token);
            }
        }
    }
    for token in &tokens {
        let leet_token: Vec<char> = token.iter().map(|&c| unleet(c)).collect();
        for start in occurrences(lower, token).into_iter().chain(occurrences(unleeted, &leet_token)) {
            out.push(Match { start, end: start + token.len(), bits: 3.0, hint: Hint::PersonalInfo });
        }
    }
}

fn find_common(original: &[char], lower: &[char], unleet: &[char], out: &mut Vec<Match>) {
    for (rank, word) in COMMON.iter().enumerate() {
        let word: Vec<char> = word.chars().collect();
        let whole = word.len() == lower.len();
        if word.len() < 4 && !whole {
            continue;
        }
        let base = ((rank + 2) as f64).log2() + 1.0;
        let direct = occurrences(lower, &word);
        let leet_only: Vec<usize> = occurrences(unleet, &word).into_iter().filter(|i| !direct.contains(i)).collect();
        for (start, leet) in direct.into_iter().map(|i| (i, false)).chain(leet_only.into_iter().map(|i| (i, true))) {
            let end = start + word.len();
            let capitals = original[start..end].iter().any(|c| c.is_uppercase());
            let bits = base + f64::from(u8::from(capitals)) + f64::from(u8::from(leet));
            out.push(Match { start, end, bits, hint: Hint::CommonWord });
        }
    }
}

/// Blocks of 1 to n/2 characters repeated at least twice in a row: the first copy is scored on
/// its own, the further copies cost `log2(copies) + 1` bits together.
fn find_repeats(lower: &[char], out: &mut Vec<Match>) {
    let n = lower.len();
    for block in 1..=n / 2 {
        let mut start = 0;
        while start + 2 * block <= n {
            let mut copies = 1;
            while start + (copies + 1) * block <= n
                && lower[start..start + block] == lower[start + copies * block..start + (copies + 1) * block]
            {
                copies += 1;
            }
            // A single character must repeat 3 times ("aa" is common in ordinary words).
            if copies >= 2 && copies * block >= 3 {
                let end = start + copies * block;
                out.push(Match { start: start + block, end, bits: (copies as f64).log2() + 1.0, hint: Hint::Repeats });
                start = end;
            } else {
                start += 1;
            }
        }
    }
}

const KEYBOARD_ROWS: [&str; 5] =
    ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "qazwsxedcrfvtgbyhnujmikolp"];

/// Runs of 3 or more characters going up or down the alphabet, the digits, or a keyboard row
/// (either way): the first character is scored on its own, the rest cost `log2(length) + 2` bits.
fn find_sequences(lower: &[char], out: &mut Vec<Match>) {
    let n = lower.len();
    let step = |a: char, b: char| -> Option<i32> {
        let same_kind =
            (a.is_ascii_lowercase() && b.is_ascii_lowercase()) || (a.is_ascii_digit() && b.is_ascii_digit());
        same_kind.then(|| b as i32 - a as i32).filter(|d| d.abs() == 1)
    };
    let row_step = |a: char, b: char| -> Option<i32> {
        KEYBOARD_ROWS.iter().enumerate().find_map(|(r, row)| {
            let row: Vec<char> = row.chars().collect();
            let i = row.iter().position(|&c| c == a)?;
            let j = row.iter().position(|&c| c == b)?;
            let d = j as i32 - i as i32;
            (d.abs() == 1).then_some((r as i32 + 1) * 10 * d)
        })
    };
    for stepper in [&step as &dyn Fn(char, char) -> Option<i32>, &row_step] {
        let mut start = 0;
        while start + 2 < n {
            let Some(delta) = stepper(lower[start], lower[start + 1]) else {
                start += 1;
                continue;
            };
            let mut end = start + 2;
            while end < n && stepper(lower[end - 1], lower[end]) == Some(delta) {
                end += 1;
            }
            if end - start >= 3 {
                let bits = ((end - start) as f64).log2() + 2.0;
                out.push(Match { start: start + 1, end, bits, hint: Hint::Sequence });
                start = end - 1;
            } else {
                start += 1;
            }
        }
    }
}

/// Four digits from 1900 to 2099 (not inside a longer number): about 7 bits.
fn find_years(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    for start in 0..n.saturating_sub(3) {
        let window = &chars[start..start + 4];
        let isolated = (start == 0 || !chars[start - 1].is_ascii_digit())
            && (start + 4 == n || !chars[start + 4].is_ascii_digit());
        if isolated
            && window.iter().all(char::is_ascii_digit)
            && matches!((window[0], window[1]), ('1', '9') | ('2', '0'))
        {
            out.push(Match { start, end: start + 4, bits: 7.6, hint: Hint::Year });
        }
    }
}

/// The size of the alphabet the password's characters come from.
fn alphabet_size(chars: &[char]) -> u32 {
    let mut size = 0;
    if chars.iter().any(char::is_ascii_lowercase) {
        size += 26;
    }
    if chars.iter().any(char::is_ascii_uppercase) {
        size += 26;
    }
    if chars.iter().any(char::is_ascii_digit) {
        size += 10;
    }
    if chars.iter().any(|c| c.is_ascii() && !c.is_ascii_alphanumeric()) {
        size += 33;
    }
    if chars.iter().any(|c| !c.is_ascii()) {
        size += 100;
    }
    size.max(1)
}

fn character_kinds(chars: &[char]) -> usize {
    [
        chars.iter().any(char::is_ascii_lowercase),
        chars.iter().any(char::is_ascii_uppercase),
        chars.iter().any(char::is_ascii_digit),
        chars.iter().any(|c| !c.is_alphanumeric()),
        chars.iter().any(|c| c.is_alphabetic() && !c.is_ascii()),
    ]
    .iter()
    .filter(|&&k| k)
    .count()
}

/// The most common passwords and password words, most common first (lowercase). Drawn from the
/// usual public top-password lists, plus words of this product and its field.
const COMMON: &[&str] = &[
    "password",
    "123456",
    "123456789",
    "qwerty",
    "12345678",
    "111111",
    "1234567890",
    "1234567",
    "letmein",
    "iloveyou",
    "admin",
    "welcome",
    "monkey",
    "login",
    "abc123",
    "starwars",
    "dragon",
    "passw0rd",
    "master",
    "hello",
    "freedom",
    "whatever",
    "qazwsx",
    "trustno1",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "shadow",
    "superman",
    "michael",
    "jennifer",
    "jordan",
    "hunter",
    "hunter2",
    "ashley",
    "charlie",
    "donald",
    "batman",
    "access",
    "mustang",
    "soccer",
    "pokemon",
    "secret",
    "summer",
    "winter",
    "spring",
    "autumn",
    "flower",
    "cookie",
    "pepper",
    "ginger",
    "killer",
    "purple",
    "orange",
    "chelsea",
    "liverpool",
    "arsenal",
    "computer",
    "internet",
    "samsung",
    "google",
    "apple",
    "microsoft",
    "changeme",
    "default",
    "guest",
    "root",
    "test",
    "tester",
    "testing",
    "user",
    "pass",
    "passwd",
    "passphrase",
    "love",
    "lovely",
    "angel",
    "baby",
    "babygirl",
    "family",
    "forever",
    "friends",
    "blessed",
    "jesus",
    "matrix",
    "ninja",
    "maverick",
    "zaq1zaq1",
    "1q2w3e4r",
    "1qaz2wsx",
    "asdfgh",
    "zxcvbn",
    "qwertyuiop",
    "iloveu",
    "cheese",
    "banana",
    "chocolate",
    "butterfly",
    "michelle",
    "daniel",
    "thomas",
    "robert",
    "andrew",
    "jessica",
    "matthew",
    "nicole",
    "hannah",
    "tigger",
    "buster",
    "ranger",
    "harley",
    "yankees",
    "dallas",
    "london",
    "paris",
    "berlin",
    "company",
    "office",
    "business",
    "money",
    "bitcoin",
    "crypto",
    "vault",
    "bitwarden",
    "vaultwarden",
    "lastpass",
    "keepass",
    "1password",
    "security",
    "secure",
    "provider",
    "portal",
    "service",
    "support",
    "helpdesk",
    "manager",
    "client",
    "customer",
    "correcthorsebatterystaple",
    "correct horse battery staple",
    "correcthorse",
    "trustme",
    "welcome1",
    "monday",
    "january",
    "september",
    "december",
    "password1",
    "qwerty123",
    "iloveyou1",
    "superstar",
    "rockstar",
    "nothing",
    "anything",
    "something",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn score(password: &str) -> u8 {
        estimate(password, &[]).score
    }

    #[test]
    fn common_passwords_score_zero() {
        for p in ["password", "123456", "qwerty", "letmein", "P@ssw0rd", "iloveyou", "correcthorsebatterystaple"] {
            let s = estimate(p, &[]);
            assert_eq!(s.score, 0, "{p}: {s:?}");
            assert!(s.hints.contains(&Hint::CommonPassword), "{p}: {s:?}");
        }
    }

    #[test]
    fn decorated_common_passwords_stay_weak() {
        for p in ["Password123!", "Passw0rd2024!", "qwerty123456", "Welcome1Welcome1", "Summer2024!!"] {
            let s = estimate(p, &[]);
            assert!(s.score < MIN_SCORE, "{p}: {s:?}");
            assert!(!s.is_acceptable());
        }
    }

    #[test]
    fn repeats_and_sequences() {
        let s = estimate("aaaaaaaaaaaaaaaa", &[]);
        assert_eq!(s.score, 0, "{s:?}");
        assert!(s.hints.contains(&Hint::Repeats));
        let s = estimate("abcdefghijklmnop", &[]);
        assert_eq!(s.score, 0, "{s:?}");
        assert!(s.hints.contains(&Hint::Sequence));
        let s = estimate("98765432109876", &[]);
        assert!(s.score <= 1, "{s:?}");
        let s = estimate("xkcdxkcdxkcdxkcd", &[]);
        assert!(s.score <= 1, "{s:?}");
        assert!(s.hints.contains(&Hint::Repeats));
        let s = estimate("asdfghjkl;qwertyuiop", &[]);
        assert!(s.score <= 1, "{s:?}");
        assert!(s.hints.contains(&Hint::Sequence));
    }

    #[test]
    fn personal_information_is_penalized() {
        let email = "ada.lovelace@example.com";
        let plain = estimate("lovelace.ada.1815x", &[]);
        let personal = estimate("lovelace.ada.1815x", &[email, "Ada Lovelace"]);
        assert!(personal.bits < plain.bits, "{plain:?} {personal:?}");
        assert!(personal.hints.contains(&Hint::PersonalInfo));
        assert!(!personal.is_acceptable(), "{personal:?}");
        // Leet does not hide it.
        let s = estimate("L0v3lace-L0v3lace-zz", &[email]);
        assert!(s.hints.contains(&Hint::PersonalInfo), "{s:?}");
    }

    #[test]
    fn strong_passwords_pass() {
        for p in [
            "glacier-tandem-OVERCOAT-17",
            "saffron quiver mosaic lantern",
            "v7#Kq2!mZ9@xL4pW",
            "Tröpfchen-Ölberg-Säule-42",
            "marble oyster candid fjord",
        ] {
            let s = estimate(p, &["someone@example.com", "Some One"]);
            assert!(s.is_acceptable(), "{p}: {s:?}");
            assert!(s.hints.iter().all(|h| !h.is_warning()), "{p}: {s:?}");
        }
    }

    #[test]
    fn length_is_required() {
        let s = estimate("v7#Kq2!mZ9@", &[]);
        assert!(s.score >= MIN_SCORE, "{s:?}");
        assert!(!s.is_acceptable());
        assert_eq!(s.hints.first(), Some(&Hint::TooShort));
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        let s = estimate("", &[""]);
        assert_eq!((s.score, s.length), (0, 0));
        assert!(s.hints.contains(&Hint::TooShort));
        let long = "Zq9!".repeat(1000);
        let s = estimate(&long, &["@", "a", "  "]);
        assert_eq!(s.length, 4000);
        let _ = estimate("\u{0}\u{10FFFF}🙂🙂🙂", &["🙂@x"]);
    }

    #[test]
    fn scores_increase_with_length() {
        let mut last = 0;
        for n in [4, 8, 12, 16, 20] {
            let s = score(&"kq7vz3xw9mht2bpr5ynd"[..n]);
            assert!(s >= last, "{n}: {s}");
            last = s;
        }
        assert_eq!(last, 4);
    }

    #[test]
    fn feedback_has_messages_and_codes() {
        let s = estimate("password", &[]);
        let lines = s.feedback();
        assert_eq!(lines[0], Hint::TooShort.message());
        assert!(lines.contains(&Hint::CommonPassword.message()));
        assert!(lines.contains(&Hint::AddWords.message()));
        assert_eq!(s.label(), "Very weak");
        let codes: Vec<&str> = s.hints.iter().map(Hint::code).collect();
        assert!(codes.contains(&"common_password"));
    }
}
