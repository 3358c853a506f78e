use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::image::{self, Format, Outcome, Sniff};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reads the first bytes (never the whole file) of every local image that exists, and
    /// flags a file that is empty or whose bytes are not PNG, JPEG, GIF, WebP, AVIF, SVG or
    /// ICO: often an HTML error page saved under an image's name, or an upload that failed.
    /// Other real image formats (BMP, TIFF, HEIC, PSD…) are left alone. When the file is an
    /// image but its extension names another format (`photo.png` holding JPEG), it warns.
    ///
    /// ## Why is this bad?
    /// The browser shows a broken image. A wrong extension usually works, until a server
    /// sends the wrong content type or a tool trusts the name.
    ///
    /// ## Example
    /// ```markdown
    /// ![Jing Li](tests/data/images/empty.png)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ![Jing Li](tests/data/images/speaker.png)
    /// ```
    pub ImageNotAnImage, "image/not-an-image", Severity::Error, "image file is empty or not an image"
}

impl Rule for ImageNotAnImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, state, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        for (img, outcome) in image::resolve_local(&state, doc, cx, &opts, &refs) {
            let Outcome::Found(path) = outcome else {
                continue;
            };
            let file = image::shown(cx.site, &path);
            let d = |msg: String| Diagnostic::new(&Self::META, &doc.source, img.src_span, msg);
            match state.sniff(&path) {
                Sniff::Empty => out.push(
                    d(format!("image file `{file}` is empty (0 bytes)"))
                        .help("upload the image again"),
                ),
                Sniff::Html => out.push(
                    d(format!("image file `{file}` is an HTML page, not an image"))
                        .help("the download probably failed: save the image itself again"),
                ),
                Sniff::NotImage(head) => out.push(
                    d(format!(
                        "image file `{file}` is not an image (it starts with `{head}`)"
                    ))
                    .help("replace it with a PNG, JPEG, GIF, WebP, AVIF, SVG or ICO file"),
                ),
                Sniff::Image(format) => {
                    let ext = path
                        .extension()
                        .map(|e| e.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if let Some(claimed) = Format::of_extension(&ext) {
                        if claimed != format {
                            out.push(
                                d(format!(
                                    "image file `{file}` holds {} data, not {}",
                                    format.name(),
                                    claimed.name()
                                ))
                                .help(format!(
                                    "rename it to `.{}` (and update the links), or convert it",
                                    format.extensions()[0]
                                ))
                                .severity(Severity::Warning),
                            );
                        }
                    }
                }
                Sniff::OtherImage | Sniff::Unreadable => {}
            }
        }
    }
}
