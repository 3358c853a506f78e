//! Document loading (decoding, front matter, body extraction) never panics, and every span
//! it records lies inside the text on character boundaries.
#![no_main]

use std::sync::Arc;

use contentlint::document::{decode, Document};
use contentlint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, bom)) = decode(data.to_vec()) else { return };
    let source = Arc::new(SourceFile::new("fuzz.md".into(), "fuzz.md".into(), text, bom));
    let doc = Document::parse(Arc::clone(&source), None);
    let ok = |s: contentlint::source::Span| {
        let t = &source.text;
        (s.end as usize) <= t.len() && t.is_char_boundary(s.start as usize) && t.is_char_boundary(s.end as usize)
    };
    for seg in &doc.body.prose {
        assert!(ok(seg.span), "prose span {:?}", seg.span);
    }
    for img in &doc.body.images {
        assert!(ok(img.src_span) && ok(img.span), "image span");
    }
    for link in &doc.body.links {
        assert!(ok(link.span), "link span");
    }
    if let Some(fm) = &doc.front_matter {
        for e in fm.entries() {
            assert!(ok(e.key_span) && ok(e.value.span), "front-matter span");
        }
    }
});
