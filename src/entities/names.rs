//! Person names compared token by token: tight enough that different people never merge
//! (Kim Jong Un ≠ Kim Yo Jong, Nancy Pelosi ≠ Nancy Mace), loose enough for spelling variants
//! (Sánchez = Sanchez, Kim Jong-un = Kim Jong Un, Zelensky ≈ Zelenskyy, J. Smith = John Smith).

use super::lexicon::key;

/// The folded tokens of a name: `Kim Jong-un` → `[kim, jong, un]`.
pub fn name_tokens(name: &str) -> Vec<String> {
    key(name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Calls `put` with `Some` of each byte of each token of a name below U+007F and `None` after
/// each token, as `name_tokens` folds them (`key` drops `.`, `'` and `` ` ``, lowercases
/// ASCII, and splits at whitespace and `-`; such text passes `deunicode` as it is); false,
/// with nothing put, for other text.
fn ascii_tokens(name: &str, mut put: impl FnMut(Option<u8>)) -> bool {
    if !name.bytes().all(|b| b < 0x7f) {
        return false;
    }
    let mut in_token = false;
    for b in name.bytes() {
        if matches!(b, b'.' | b'\'' | b'`') {
            continue;
        }
        if char::from(b).is_whitespace() || b == b'-' {
            if in_token {
                put(None);
            }
            in_token = false;
            continue;
        }
        put(Some(b.to_ascii_lowercase()));
        in_token = true;
    }
    if in_token {
        put(None);
    }
    true
}

/// `name_tokens(name).len()`, without building the tokens.
pub fn name_token_count(name: &str) -> usize {
    let mut n = 0;
    if ascii_tokens(name, |b| n += usize::from(b.is_none())) {
        n
    } else {
        name_tokens(name).len()
    }
}

/// `name_tokens(name).last()`, without building the others.
pub fn last_name_token(name: &str) -> Option<String> {
    let (mut last, mut current) = (String::new(), String::new());
    let ascii = ascii_tokens(name, |b| match b {
        Some(b) => current.push(char::from(b)),
        None => {
            std::mem::swap(&mut last, &mut current);
            current.clear();
        }
    });
    if ascii {
        (!last.is_empty()).then_some(last)
    } else {
        name_tokens(name).pop()
    }
}

/// True when two folded name tokens are the same word, allowing small spelling variants in
/// long words (transliterations) but never in short ones.
pub fn same_token(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // German umlauts are written both ways (`Jürgen`, folded to `jurgen`, and `Juergen`);
    // in short words the `e` is too often a letter of its own (`Joe`, `Jo`).
    if a.len() >= 5
        && b.len() >= 5
        && a.len() != b.len()
        && without_umlaut_e(a).eq(without_umlaut_e(b))
    {
        return true;
    }
    if a.len() < 6 || b.len() < 6 {
        return false;
    }
    // Transliterations differ by a letter or two near the end, never at the start.
    a.as_bytes().first() == b.as_bytes().first() && strsim::jaro_winkler(a, b) >= 0.93
}

/// The word's characters with the `e` of a transliterated umlaut (`ae`, `oe`, `ue`) dropped.
fn without_umlaut_e(w: &str) -> impl Iterator<Item = char> + '_ {
    let mut prev = ' ';
    w.chars().filter(move |&c| {
        let keep = !(c == 'e' && matches!(prev, 'a' | 'o' | 'u'));
        prev = c;
        keep
    })
}

/// True when `short` is an initial of `long` (`j` and `john`).
fn initial_of(short: &str, long: &str) -> bool {
    short.len() == 1 && long.starts_with(short)
}

/// True when two tokens can stand for the same part of a name.
fn compatible(a: &str, b: &str) -> bool {
    same_token(a, b) || initial_of(a, b) || initial_of(b, a)
}

/// Whether `a.concat() == b.concat()`, compared byte by byte without building either string
/// (asked of every pair of people a caption and its article name).
fn same_concatenation(a: &[String], b: &[String]) -> bool {
    let len = |v: &[String]| v.iter().map(String::len).sum::<usize>();
    len(a) == len(b)
        && a.iter()
            .flat_map(|t| t.bytes())
            .eq(b.iter().flat_map(|t| t.bytes()))
}

/// True when two full names (two tokens or more each) can be the same person: the same last
/// token, and the other tokens of the shorter name found in order in the longer one (or as
/// initials). Middle names may be missing from one side.
pub fn same_person(a: &[String], b: &[String]) -> bool {
    let (Some(la), Some(lb)) = (a.last(), b.last()) else {
        return false;
    };
    if a.len() < 2 || b.len() < 2 {
        return false;
    }
    // A concatenation match catches `Kim Jong-un` against `Kim Jongun`.
    if same_concatenation(a, b) {
        return true;
    }
    if !same_token(la, lb) {
        // Patronymic names are cut short from the end: `Mohammed bin Rashid` is
        // `Mohammed bin Rashid Al Maktoum`.
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let patronymic = short
            .iter()
            .any(|t| matches!(t.as_str(), "bin" | "ibn" | "bint" | "ben"));
        return patronymic && short.len() >= 3 && long.starts_with(short);
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut pos = 0;
    for tok in &short[..short.len() - 1] {
        let Some(found) = long[pos..long.len() - 1]
            .iter()
            .position(|t| compatible(tok, t))
        else {
            return false;
        };
        pos += found + 1;
    }
    // The first tokens must meet: a different first name is a different person.
    compatible(&short[0], &long[0])
}

/// True when a lone word (`Pelosi`, `Xi`) can refer to the person with these name tokens.
pub fn single_refers_to(single: &str, name: &[String]) -> bool {
    match (name.first(), name.last()) {
        (Some(first), Some(last)) => {
            same_token(single, last) || (name.len() <= 3 && single == first)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        same_person(&name_tokens(a), &name_tokens(b))
    }

    #[test]
    fn concatenations_compare_as_the_joined_strings_do() {
        let v = |s: &[&str]| s.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        for (a, b) in [
            (v(&["Kim", "Jong", "un"]), v(&["Kim", "Jongun"])),
            (v(&["Kim", "Jong"]), v(&["Kim", "Jongun"])),
            (v(&["ab", "c"]), v(&["a", "bc"])),
            (v(&["ab", "c"]), v(&["a", "bd"])),
            (v(&[]), v(&[""])),
            (v(&["Zoë"]), v(&["Zo", "ë"])),
        ] {
            assert_eq!(
                same_concatenation(&a, &b),
                a.concat() == b.concat(),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn counts_and_last_tokens_are_those_of_the_tokens() {
        for name in [
            "",
            " ",
            "Kim Jong-un",
            "J.R.R. Tolkien",
            "O'Brien  -  Smith",
            "a\tb\u{b}c\u{1c}d",
            "Zoë Ørsted",
            "--",
            "x.",
            "Anna van der Berg-Olsen Jr.",
        ] {
            let toks = name_tokens(name);
            assert_eq!(name_token_count(name), toks.len(), "{name:?}");
            assert_eq!(last_name_token(name), toks.last().cloned(), "{name:?}");
        }
    }

    #[test]
    fn variants_of_one_name_match() {
        assert!(same("Kim Jong-un", "Kim Jong Un"));
        assert!(same("Pedro Sánchez", "Pedro Sanchez"));
        assert!(same("John F. Kennedy", "John Kennedy"));
        assert!(same("J. Smith", "John Smith"));
        assert!(same("Volodymyr Zelensky", "Volodymyr Zelenskyy"));
        assert!(same("Jürgen Weiß", "Juergen Weiss"));
        assert!(same("Anna Müller", "Anna Mueller"));
        assert!(!same("Joe Tate", "Jo Tate"), "short words keep their e");
    }

    #[test]
    fn different_people_never_merge() {
        assert!(!same("Kim Jong Un", "Kim Yo Jong"));
        assert!(!same("Nancy Pelosi", "Nancy Mace"));
        assert!(!same("John Smith", "Jane Smith"));
        assert!(!same("Hillary Clinton", "Bill Clinton"));
    }

    #[test]
    fn lone_words_refer_by_surname_or_leading_family_name() {
        assert!(single_refers_to("pelosi", &name_tokens("Nancy Pelosi")));
        assert!(single_refers_to("xi", &name_tokens("Xi Jinping")));
        assert!(!single_refers_to("omar", &name_tokens("Nancy Pelosi")));
    }
}
