//! Named check-digit algorithms a profile can require of a value.
//!
//! These are arithmetic, not carrier knowledge: which carrier uses which algorithm is said by
//! the profile (`check_digit = "mod7"` inside a case chosen by a condition).

/// A check-digit algorithm known to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDigit {
    /// At least two ASCII digits; the last equals the number formed by the others, mod 7.
    Mod7,
    /// Exactly 11 digits with the [`CheckDigit::Mod7`] rule (the first 10 digits mod 7).
    Mod7First10,
    /// UPU S10: two letters, eight digits, a check digit, two letters; weights 8,6,4,2,3,5,9,7,
    /// check = 11 − (sum mod 11), with 10 → 0 and 11 → 5.
    UpuS10,
}

impl CheckDigit {
    /// The names a profile may give in `check_digit`, for the compiler's "did you mean" and
    /// its list of known names.
    pub const NAMES: &'static [&'static str] = &["mod7", "mod7_first10", "upu_s10"];

    /// The algorithm of a name of [`CheckDigit::NAMES`]; `None` for any other name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "mod7" => Some(CheckDigit::Mod7),
            "mod7_first10" => Some(CheckDigit::Mod7First10),
            "upu_s10" => Some(CheckDigit::UpuS10),
            _ => None,
        }
    }

    /// Whether `value` passes this check (shape included).
    ///
    /// ```
    /// use orderbridge::engine::CheckDigit;
    ///
    /// // 35729670000 mod 7 = 3: the last digit is right.
    /// assert!(CheckDigit::Mod7.is_valid("357296700003"));
    /// assert!(!CheckDigit::Mod7.is_valid("357296700000"));
    /// assert!(CheckDigit::UpuS10.is_valid("EF719215461JP"));
    /// ```
    pub fn is_valid(self, value: &str) -> bool {
        let b = value.as_bytes();
        match self {
            CheckDigit::Mod7 => mod7(b),
            CheckDigit::Mod7First10 => b.len() == 11 && mod7(b),
            CheckDigit::UpuS10 => upu_s10(b),
        }
    }
}

fn mod7(b: &[u8]) -> bool {
    if b.len() < 2 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (body, last) = b.split_at(b.len() - 1);
    let rem = body.iter().fold(0u32, |acc, d| (acc * 10 + u32::from(d - b'0')) % 7);
    rem == u32::from(last[0] - b'0')
}

fn upu_s10(b: &[u8]) -> bool {
    if b.len() != 13
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..11].iter().all(u8::is_ascii_digit)
        || !b[11..].iter().all(u8::is_ascii_uppercase)
    {
        return false;
    }
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = b[2..10].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    u32::from(b[10] - b'0') == check
}

#[cfg(test)]
mod tests {
    use super::CheckDigit::*;

    #[test]
    fn mod7_examples_from_the_spec() {
        assert!(Mod7.is_valid("357296700003"));
        assert!(!Mod7.is_valid("357296700000"));
        assert!(!Mod7.is_valid("3572967000O3"));
        assert!(!Mod7.is_valid("3"));
    }

    #[test]
    fn mod7_first10_needs_eleven_digits() {
        // 3932614035 mod 7 = 0
        assert_eq!(3932614035u64 % 7, 0);
        assert!(Mod7First10.is_valid("39326140350"));
        assert!(!Mod7First10.is_valid("39326140351"));
        assert!(!Mod7First10.is_valid("357296700003"));
    }

    #[test]
    fn upu_s10_examples_from_the_spec() {
        assert!(UpuS10.is_valid("EF719215461JP"));
        assert!(UpuS10.is_valid("EE994353255CN"));
        assert!(!UpuS10.is_valid("EF719215462JP"));
        assert!(!UpuS10.is_valid("ef719215461jp"));
        assert!(!UpuS10.is_valid("EF71921546JP"));
    }

    #[test]
    fn upu_s10_remainder_special_cases() {
        // digits 00000000: sum 0, r = 0 → check 5
        assert!(UpuS10.is_valid("AA000000005JP"));
        // digits 00300000: sum 3×4 = 12, r = 1 → check 0
        assert!(UpuS10.is_valid("AA003000000JP"));
        assert!(!UpuS10.is_valid("AA003000001JP"));
        // digits 00000200: sum 2×5 = 10, r = 10 → check 1
        assert!(UpuS10.is_valid("AA000002001JP"));
    }
}
