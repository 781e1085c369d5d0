//! What the engine reads of a description: a normalised form (lowercase,
//! digits folded, punctuation and spaces turned into breaks) and its
//! character n-grams. Chinese is written without spaces, so words cannot be
//! split reliably without a dictionary; single characters and pairs of
//! neighbouring characters carry most of the meaning (暖气, 不热, 井盖) and
//! survive a typo in the next word.

/// Marks a break (punctuation, space) in the normalised text; n-grams never
/// span it.
pub const BREAK: char = ' ';

/// The text as the engine compares it: ASCII lowered, every digit `0`
/// (12度 and 15度 say the same thing), full-width forms folded to ASCII,
/// and anything that is neither a letter, a digit nor a CJK character a
/// single break.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_width(c);
        let c = if c.is_ascii_digit() {
            '0'
        } else {
            c.to_ascii_lowercase()
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(BREAK) && !out.is_empty() {
            out.push(BREAK);
        }
    }
    if out.ends_with(BREAK) {
        out.pop();
    }
    out
}

/// Full-width ASCII (ＡＢＣ１２３, typed by Chinese input methods) as ASCII.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// One feature: a character, or two neighbouring ones, packed in a u64 so
/// the learner's tables hash integers rather than strings.
pub type Gram = u64;

pub fn gram(a: char, b: Option<char>) -> Gram {
    (u64::from(a as u32) << 32) | u64::from(b.map_or(0, |b| b as u32))
}

/// The characters a gram stands for, for reasons shown to people.
pub fn gram_text(g: Gram) -> String {
    let first = char::from_u32((g >> 32) as u32).unwrap_or('?');
    let second = char::from_u32((g & 0xFFFF_FFFF) as u32).filter(|c| *c != '\0');
    second.map_or_else(|| first.to_string(), |s| format!("{first}{s}"))
}

/// Whether a gram is a pair of characters (pairs make better reasons than
/// single characters).
pub fn is_pair(g: Gram) -> bool {
    g & 0xFFFF_FFFF != 0
}

/// The distinct grams of a normalised text, sorted (so every walk over
/// them is deterministic): each character and each pair of neighbours.
pub fn grams(normalised: &str) -> Vec<Gram> {
    let mut out = Vec::new();
    for word in normalised.split(BREAK) {
        let chars: Vec<char> = word.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            out.push(gram(*c, None));
            if let Some(next) = chars.get(i + 1) {
                out.push(gram(*c, Some(*next)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_folds_case_digits_width_and_punctuation() {
        assert_eq!(normalise("暖气不热，室温12度!!"), "暖气不热 室温00度");
        assert_eq!(normalise("  ＡＢ１ x  "), "ab0 x");
        assert_eq!(normalise("。。"), "");
    }

    #[test]
    fn grams_are_characters_and_neighbour_pairs_within_a_word() {
        let g = grams("不热 冷");
        let text: Vec<String> = g.iter().map(|g| gram_text(*g)).collect();
        for want in ["不", "热", "不热", "冷"] {
            assert!(text.contains(&want.to_owned()), "{want} in {text:?}");
        }
        assert!(!text.contains(&"热冷".to_owned()), "no pair across a break");
        assert_eq!(g.len(), 4);
    }
}
