//! Callers' telephone numbers in one canonical form, so the same caller is
//! found however the number was written (`+86 138-0000-1234`,
//! `13800001234`, `0416 1234567`), and masked for those who may not see it.

use super::place::Caller;

/// Jinzhou's area code: a 7- or 8-digit local number is in it.
pub const LOCAL_AREA: &str = "0416";

/// The digits of `raw` in canonical form: mobiles as 11 digits, 400/800
/// service numbers as 10, landlines with their area code (`04161234567`);
/// a local number without one gets `area`. Spaces, dashes, dots,
/// parentheses and the country code (+86, 0086) are dropped.
pub fn normalise(raw: &str, area: &str) -> Result<String, String> {
    let mut digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{3000}'))
        .collect();
    if let Some(rest) = digits.strip_prefix('+') {
        digits = rest
            .strip_prefix("86")
            .map(str::to_owned)
            .ok_or_else(|| format!("{raw:?}: only Chinese numbers (+86) are taken"))?;
    } else if let Some(rest) = digits.strip_prefix("0086") {
        digits = rest.to_owned();
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.is_empty() {
        return Err(format!("{raw:?} is not a phone number"));
    }
    let n = digits.len();
    let ok = match digits.as_bytes()[0] {
        b'1' => n == 11 && matches!(digits.as_bytes()[1], b'3'..=b'9'),
        b'4' | b'8' if digits.starts_with("400") || digits.starts_with("800") => n == 10,
        // Area codes are 3 digits (010, 024) or 4 (0416) with the 0.
        b'0' => (10..=12).contains(&n),
        b'2'..=b'9' if (7..=8).contains(&n) => return Ok(format!("{area}{digits}")),
        _ => false,
    };
    if ok {
        Ok(digits)
    } else {
        Err(format!(
            "{raw:?}: not a mobile (11 digits), a landline with area code, or 400/800"
        ))
    }
}

/// `caller` with the phone in canonical form; a blank phone is no phone.
pub fn normalise_caller(caller: &Caller, area: &str) -> Result<Caller, String> {
    let phone = match caller.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(normalise(raw, area)?),
    };
    Ok(Caller {
        phone,
        ..caller.clone()
    })
}

/// The number as a unit or a viewer may see it: the first three and last
/// four digits (`138****1234`).
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// A name as a unit or a viewer may see it: the family name (王*).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_however_it_was_written() {
        let n = |raw: &str| normalise(raw, LOCAL_AREA);
        for raw in [
            "13800001234",
            "+86 138 0000 1234",
            "0086-138-0000-1234",
            "(138)0000.1234",
        ] {
            assert_eq!(n(raw).as_deref(), Ok("13800001234"), "{raw}");
        }
        assert_eq!(n("0416-1234567").as_deref(), Ok("04161234567"));
        assert_eq!(n("010 12345678").as_deref(), Ok("01012345678"));
        assert_eq!(n("2345678").as_deref(), Ok("04162345678"), "a local number");
        assert_eq!(n("400-123-4567").as_deref(), Ok("4001234567"));
        assert_eq!(n("800 123 4567").as_deref(), Ok("8001234567"));
    }

    #[test]
    fn what_is_no_phone_number_is_refused() {
        for raw in [
            "",
            "12345",
            "1380000123",
            "138000012345",
            "12800001234",
            "+1 415 555 0100",
            "13800oo1234",
        ] {
            assert!(normalise(raw, LOCAL_AREA).is_err(), "{raw}");
        }
    }

    #[test]
    fn masks_keep_the_ends_and_the_family_name() {
        assert_eq!(mask("13800001234"), "138****1234");
        assert_eq!(mask("04161234567"), "041****4567");
        assert_eq!(mask("12345"), "*****");
        assert_eq!(mask_name("王芳"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("王"), "王*");
    }
}
