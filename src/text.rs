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
