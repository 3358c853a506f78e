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
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.chars(), b.chars());
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 || a == b {
        return false;
    }
    loop {
        match (x.clone().next(), y.clone().next()) {
            (Some(p), Some(q)) if p == q => {
                x.next();
                y.next();
            }
            (None, None) => return false,
            _ => break,
        }
    }
    // First difference: the rest must match after skipping one character on one side
    // (or on both, for a replacement).
    let rest = |mut i: std::str::Chars<'_>, mut j: std::str::Chars<'_>| loop {
        match (i.next(), j.next()) {
            (None, None) => return true,
            (p, q) if p == q => {}
            _ => return false,
        }
    };
    let (mut x1, mut y1) = (x.clone(), y.clone());
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            x1.next();
            y1.next();
            rest(x1, y1)
        }
        std::cmp::Ordering::Greater => {
            x1.next();
            rest(x1, y)
        }
        std::cmp::Ordering::Less => {
            y1.next();
            rest(x, y1)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("presenter", "presenters"), 1);
        assert_eq!(edit_distance("英文文演讲", "英文演讲"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
