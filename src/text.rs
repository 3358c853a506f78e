//! Small text helpers shared by rules.

/// Levenshtein distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether `a` and `b` are exactly one edit apart (one character inserted, deleted or
/// replaced), in linear time and without allocating: the hot path of spelling checks.
///
/// With their common prefix and then their common suffix taken off, two strings one edit
/// apart leave at most one character each, and not none on both sides. Most pairs differ
/// at both ends, so this usually looks at four characters.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let prefix: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let at_most_one = |s: &str| s.chars().nth(1).is_none();
    at_most_one(a) && at_most_one(b) && !(a.is_empty() && b.is_empty())
}

/// Widen an empty span at `offset` to the character there (if any, and not a line break),
/// so that a printer has something to underline.
pub fn visible_span(text: &str, offset: usize) -> crate::source::Span {
    let offset = crate::source::floor_char_boundary(text, offset);
    match text[offset..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => {
            crate::source::Span::new(offset, offset + c.len_utf8())
        }
        _ => crate::source::Span::empty(offset),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_takes_the_closest_likely_typo() {
        assert_eq!(
            did_you_mean("presenter", ["presenters", "title"]),
            Some("presenters")
        );
        assert_eq!(did_you_mean("zzz", ["presenters", "title"]), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("presenter", "presenters"), 1);
        assert_eq!(edit_distance("英文文演讲", "英文演讲"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    /// Against the full edit distance, on every pair of short strings over a small
    /// alphabet (with a multi-byte character) and on real spellings.
    #[test]
    fn one_edit_apart_agrees_with_edit_distance() {
        let alphabet = ['a', 'b', '文'];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() < 4)
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
            words.sort();
            words.dedup();
        }
        for a in &words {
            for b in &words {
                assert_eq!(
                    one_edit_apart(a, b),
                    edit_distance(a, b) == 1,
                    "{a:?} {b:?}"
                );
            }
        }
        assert!(one_edit_apart("dubbogo", "dubogo"));
        assert!(one_edit_apart("apisix", "apisx"));
        assert!(!one_edit_apart("apisix", "apisix"));
        assert!(!one_edit_apart("opensergo", "openserog"));
    }
}
