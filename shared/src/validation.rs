//! Validation rules shared by the portal (to say what is wrong before sending) and the API (to
//! refuse what is wrong with a 422 that names each field).

use crate::FieldError;

/// Collects the field errors of one request; `finish` turns them into a result.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error for `field`.
    pub fn error(&mut self, field: &str, code: &str, message: impl Into<String>) -> &mut Self {
        self.errors.push(FieldError::new(field, code, message));
        self
    }

    /// Checks a required, trimmed text of `min..=max` characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) -> &mut Self {
        let len = value.trim().chars().count();
        if len == 0 && min > 0 {
            self.error(field, "required", format!("{} is required.", label(field)))
        } else if len < min {
            self.error(field, "too_short", format!("{} must have at least {min} characters.", label(field)))
        } else if len > max {
            self.error(field, "too_long", format!("{} must have at most {max} characters.", label(field)))
        } else {
            self
        }
    }

    /// Checks that `value` looks like an email address (one `@`, a dot in the domain, no spaces).
    pub fn email(&mut self, field: &str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
            return self.error(field, "required", format!("{} is required.", label(field)));
        }
        if !is_email(value) {
            return self.error(field, "invalid_format", "Enter an email address like name@example.com.");
        }
        self
    }

    /// Checks that `value` is within `min..=max`.
    pub fn range<T: PartialOrd + std::fmt::Display>(&mut self, field: &str, value: T, min: T, max: T) -> &mut Self {
        if value < min || value > max {
            self.error(field, "out_of_range", format!("{} must be between {min} and {max}.", label(field)))
        } else {
            self
        }
    }

    /// Adds an error produced elsewhere.
    pub fn push(&mut self, error: FieldError) -> &mut Self {
        self.errors.push(error);
        self
    }

    /// Whether no error was recorded.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when no error was recorded, otherwise every error.
    pub fn finish(&mut self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() { Ok(()) } else { Err(std::mem::take(&mut self.errors)) }
    }
}

/// Whether `value` is a plausible email address. Deliverability is proven by the mail, not here.
pub fn is_email(value: &str) -> bool {
    let value = value.trim();
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && value.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Normalizes an email for storage and comparison: trimmed and lower-cased.
pub fn normalize_email(value: &str) -> String {
    value.trim().to_lowercase()
}

/// `billing_email` -> `Billing email`.
fn label(field: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field).replace('_', " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules_name_the_field() {
        let errors = Validator::new().text("name", "  ", 1, 10).text("billing_email", &"x".repeat(11), 1, 10).finish();
        let errors = errors.err().unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].code, "required");
        assert_eq!(errors[0].message, "Name is required.");
        assert_eq!(errors[1].code, "too_long");
        assert_eq!(errors[1].message, "Billing email must have at most 10 characters.");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@example.com", " x@y.org "] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.co", "a@b.", "a@.b", "a b@c.de", "a@b@c.de"] {
            assert!(!is_email(bad), "{bad}");
        }
        assert_eq!(normalize_email(" Ann@Example.COM "), "ann@example.com");
    }
}
