//! Documentation: the document's HTML → Markdown for rustdoc.
//!
//! AWS documentation strings are HTML fragments (`<p>`, `<b>`, `<code>`, `<a>`, lists,
//! `<note>`). They become Markdown that rustdoc renders faithfully and without warnings:
//!
//! * `<p>` → paragraphs; `<ul>`/`<ol>`/`<li>` → lists; `<note>`/`<important>` → a paragraph
//!   starting with `**Note:**`; `<br/>` → a newline;
//! * `<b>`/`<strong>` → `**…**`, `<i>`/`<em>` → `*…*`, `<code>` → backticks;
//! * `<a href="U">T</a>` → `[T](U)`; `<a>Operation</a>` (AWS's cross-reference, no `href`) → a
//!   link to the operation ([`operation_link`], which emitters resolve) when the document has
//!   that operation, else `` `Name` ``;
//! * entities decoded, other tags dropped (text kept), whitespace collapsed;
//! * text characters rustdoc would misread (`[`, `]`, `<`, `>`, `*`, `` ` ``, `\`) escaped, bare
//!   URLs wrapped in `<…>` (rustdoc's `bare_urls` lint).

use crate::model::operation_link;
use std::collections::BTreeSet;

/// Converts an optional HTML documentation string; `None` if there is no text.
pub fn to_markdown(html: Option<&str>, operations: &BTreeSet<String>) -> Option<String> {
    let markdown = html_to_markdown(html?, operations);
    (!markdown.is_empty()).then_some(markdown)
}

/// Converts an HTML documentation fragment to Markdown. `operations` are the operation names of
/// the document (targets of `<a>Name</a>` links).
pub fn html_to_markdown(html: &str, operations: &BTreeSet<String>) -> String {
    let mut r = Renderer {
        operations,
        out: String::new(),
        paragraph: String::new(),
        frames: Vec::new(),
        lists: Vec::new(),
        item_pending: false,
        note_pending: false,
        last: Last::Nothing,
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        r.text(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let tag_start = after[1..]
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic());
        match after.find('>') {
            Some(gt) if tag_start => {
                r.tag(&after[1..gt]);
                rest = &after[gt + 1..];
            }
            _ => {
                r.text("<");
                rest = &after[1..];
            }
        }
    }
    r.text(&decode_entities(rest));
    r.finish()
}

/// Decodes the HTML entities AWS documentation uses (named basics and numeric references).
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| (&after[1..end], end));
        let decoded = entity.and_then(|(name, end)| {
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An inline element being collected.
#[derive(Debug, PartialEq)]
enum Inline {
    Bold,
    Italic,
    Code,
    Link(Option<String>),
}

/// An open inline element with its content so far.
#[derive(Debug)]
struct Frame {
    kind: Inline,
    /// Rendered (escaped) Markdown.
    markdown: String,
    /// Plain text (for `<a>Name</a>`).
    plain: String,
    /// Whitespace was dropped at the start.
    leading_space: bool,
}

/// An open list.
#[derive(Debug)]
struct List {
    ordered: bool,
    next: usize,
    /// Width of an item's marker (`- ` = 2, `1. ` = 3): the indentation of its content.
    width: usize,
}

/// What the last emitted block was.
#[derive(Debug, Default, PartialEq)]
enum Last {
    #[default]
    Nothing,
    Paragraph,
    ListLine,
}

/// Streaming HTML → Markdown state.
#[derive(Debug)]
struct Renderer<'a> {
    operations: &'a BTreeSet<String>,
    out: String,
    paragraph: String,
    frames: Vec<Frame>,
    lists: Vec<List>,
    /// Inside an `<li>` whose first block is not yet written.
    item_pending: bool,
    note_pending: bool,
    last: Last,
}

impl Renderer<'_> {
    /// The buffer text goes to: the innermost inline element or the paragraph.
    fn target(&mut self) -> &mut String {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.markdown,
            None => &mut self.paragraph,
        }
    }

    fn in_code(&self) -> bool {
        self.frames.iter().any(|f| f.kind == Inline::Code)
    }

    /// Appends a single collapsed space, unless the buffer is empty or already ends in one.
    fn space(&mut self) {
        if let Some(frame) = self.frames.last_mut() {
            if frame.markdown.is_empty() {
                frame.leading_space = true;
            }
            if !frame.plain.is_empty() && !frame.plain.ends_with(' ') {
                frame.plain.push(' ');
            }
        }
        let target = self.target();
        if !target.is_empty() && !target.ends_with([' ', '\n']) {
            target.push(' ');
        }
    }

    /// Appends decoded text: whitespace collapsed, Markdown escaped (outside code).
    fn text(&mut self, text: &str) {
        let mut first = true;
        for word in text.split(char::is_whitespace) {
            if !first {
                self.space();
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            if let Some(frame) = self.frames.last_mut() {
                frame.plain.push_str(word);
            }
            let rendered = if self.in_code() {
                word.to_string()
            } else {
                escape_word(word)
            };
            self.target().push_str(&rendered);
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            (
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dl" | "dt" | "dd"
                | "table" | "tr" | "pre" | "blockquote" | "section",
                _,
            ) => self.block_break(),
            ("ul" | "ol", false) => {
                self.block_break();
                self.lists.push(List {
                    ordered: name == "ol",
                    next: 1,
                    width: if name == "ol" { 3 } else { 2 },
                });
                self.item_pending = false;
            }
            ("ul" | "ol", true) => {
                self.block_break();
                self.lists.pop();
                self.item_pending = false;
            }
            ("li", false) => {
                self.block_break();
                self.item_pending = true;
            }
            ("li", true) => {
                self.block_break();
                self.item_pending = false;
            }
            ("note" | "important", false) => {
                self.block_break();
                self.note_pending = true;
            }
            ("note" | "important", true) => {
                self.block_break();
                self.note_pending = false;
            }
            ("br", _) => {
                let target = self.target();
                let trimmed = target.trim_end_matches(' ').len();
                target.truncate(trimmed);
                if !target.is_empty() {
                    target.push('\n');
                }
            }
            ("b" | "strong", false) => self.open(Inline::Bold),
            ("i" | "em", false) => self.open(Inline::Italic),
            ("code" | "tt", false) => self.open(Inline::Code),
            ("a", false) => self.open(Inline::Link(attribute(body, "href"))),
            ("b" | "strong", true) => self.close(|k| *k == Inline::Bold),
            ("i" | "em", true) => self.close(|k| *k == Inline::Italic),
            ("code" | "tt", true) => self.close(|k| *k == Inline::Code),
            ("a", true) => self.close(|k| matches!(k, Inline::Link(_))),
            _ => {}
        }
    }

    fn open(&mut self, kind: Inline) {
        self.frames.push(Frame {
            kind,
            markdown: String::new(),
            plain: String::new(),
            leading_space: false,
        });
    }

    /// Closes the innermost open element matching `is`, and any opened inside it.
    fn close(&mut self, is: impl Fn(&Inline) -> bool) {
        if !self.frames.iter().any(|f| is(&f.kind)) {
            return;
        }
        while let Some(frame) = self.frames.pop() {
            let done = is(&frame.kind);
            self.fold(frame);
            if done {
                break;
            }
        }
    }

    /// Renders a closed element into its parent.
    fn fold(&mut self, frame: Frame) {
        let inner = frame.markdown.trim();
        let plain = frame.plain.trim();
        let trailing_space = frame.markdown.ends_with([' ', '\n']);
        let rendered = match &frame.kind {
            _ if inner.is_empty() && !matches!(&frame.kind, Inline::Link(Some(_))) => String::new(),
            Inline::Bold => format!("**{inner}**"),
            Inline::Italic => format!("*{inner}*"),
            Inline::Code => {
                let code = inner.replace('\n', " ");
                if code.contains('`') {
                    format!("`` {code} ``")
                } else {
                    format!("`{code}`")
                }
            }
            Inline::Link(Some(href)) => {
                let href = href.trim();
                let href = if href.contains([' ', '(', ')', '<', '>']) {
                    format!("<{}>", href.replace(' ', "%20"))
                } else {
                    href.to_string()
                };
                if inner.is_empty() {
                    if href.starts_with("http") {
                        format!("<{href}>")
                    } else {
                        String::new()
                    }
                } else {
                    format!("[{inner}]({href})")
                }
            }
            Inline::Link(None) => {
                if self.operations.contains(plain) {
                    operation_link(plain)
                } else if !plain.is_empty()
                    && plain
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                {
                    format!("`{plain}`")
                } else {
                    inner.to_string()
                }
            }
        };
        if frame.leading_space {
            self.space();
        }
        if let Some(parent) = self.frames.last_mut() {
            parent.plain.push_str(plain);
        }
        self.target().push_str(&rendered);
        if trailing_space {
            self.space();
        }
    }

    /// Ends the current block: writes the paragraph (with list marker / note prefix).
    fn block_break(&mut self) {
        while let Some(frame) = self.frames.pop() {
            self.fold(frame);
        }
        let text = std::mem::take(&mut self.paragraph);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let content_indent: usize = self.lists.iter().map(|l| l.width).sum();
        let (prefix, separator) = match self.lists.last_mut() {
            Some(list) if self.item_pending => {
                let marker = if list.ordered {
                    format!("{}. ", list.next)
                } else {
                    "- ".to_string()
                };
                list.next += 1;
                let indent = content_indent - list.width;
                let separator = if self.last == Last::ListLine {
                    "\n"
                } else {
                    "\n\n"
                };
                (format!("{}{marker}", " ".repeat(indent)), separator)
            }
            Some(_) => (" ".repeat(content_indent), "\n\n"),
            None => (String::new(), "\n\n"),
        };
        let mut block = prefix;
        if std::mem::take(&mut self.note_pending) {
            block.push_str("**Note:** ");
        }
        let continuation = format!("\n{}", " ".repeat(content_indent));
        let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
        block.push_str(&lines.join(&continuation));
        if !self.out.is_empty() {
            self.out.push_str(separator);
        }
        self.out.push_str(&block);
        self.item_pending = false;
        self.last = if self.lists.is_empty() {
            Last::Paragraph
        } else {
            Last::ListLine
        };
    }

    fn finish(mut self) -> String {
        self.block_break();
        self.out.trim_end().to_string()
    }
}

/// The value of attribute `name` in a tag body (`a href="…"`), entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let before_ok = rest[..pos].ends_with(char::is_whitespace);
        let after = rest[pos + name.len()..].trim_start();
        rest = &rest[pos + name.len()..];
        let Some(value) = after.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let value = value.trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(raw));
    }
    None
}

/// Escapes one whitespace-free word of text; wraps bare URLs in `<…>`.
fn escape_word(word: &str) -> String {
    let url_start = word.find("https://").or_else(|| word.find("http://"));
    if let Some(start) = url_start {
        let (before, url) = word.split_at(start);
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        let (url, after) = url.split_at(trimmed.len());
        if !url.contains(['<', '>']) {
            return format!("{}<{url}>{}", escape_text(before), escape_text(after));
        }
    }
    escape_text(word)
}

/// Backslash-escapes the characters rustdoc's Markdown would misread.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '<' | '>' | '*' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&")
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        let ops: BTreeSet<String> = ["CreateStage", "ListTagsForResource"]
            .into_iter()
            .map(String::from)
            .collect();
        html_to_markdown(html, &ops)
    }

    #[test]
    fn paragraphs_and_inline_markup() {
        assert_eq!(md("<p> <b>Introduction</b> </p> <p>The <i>stage</i> uses <code>topic:nature</code>.</p>"), "**Introduction**\n\nThe *stage* uses `topic:nature`.");
        assert_eq!(md("Plain   text\n  wrapped"), "Plain text wrapped");
        assert_eq!(md("a<strong> b </strong>c"), "a **b** c");
        assert_eq!(md("<em></em>x"), "x");
    }

    #[test]
    fn links() {
        assert_eq!(
            md(r#"See <a href="https://x.example/a">Getting Started</a>."#),
            "See [Getting Started](https://x.example/a)."
        );
        assert_eq!(md("Use <a>CreateStage</a> or <a>ListTagsForResource</a>."), "Use [`CreateStage`](operation:CreateStage) or [`ListTagsForResource`](operation:ListTagsForResource).");
        assert_eq!(md("Not <a>DeleteEverything</a>"), "Not `DeleteEverything`");
        assert_eq!(
            md("Visit https://aws.amazon.com/ivs."),
            "Visit <https://aws.amazon.com/ivs>."
        );
    }

    #[test]
    fn lists_and_notes() {
        assert_eq!(md("<p>Terms:</p> <ul> <li> <p>A <i>stage</i>.</p> </li> <li> <p>B</p> </li> </ul> <p>After</p>"), "Terms:\n\n- A *stage*.\n- B\n\nAfter");
        assert_eq!(
            md("<ol><li>one</li><li>two<ul><li>nested</li></ul></li></ol>"),
            "1. one\n2. two\n   - nested"
        );
        assert_eq!(
            md("<ul><li><p>first</p><p>second</p></li></ul>"),
            "- first\n\n  second"
        );
        assert_eq!(
            md("<note> <p>Careful.</p> </note><important>Really.</important>"),
            "**Note:** Careful.\n\n**Note:** Really."
        );
        assert_eq!(md("line one<br/>line two"), "line one\nline two");
    }

    #[test]
    fn entities_escapes_and_stray_markup() {
        assert_eq!(
            md("a &lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39;&nbsp;x"),
            "a \\<tag\\> & \"q\" 's' x"
        );
        assert_eq!(md("arr[0] * 2 = `x`"), "arr\\[0\\] \\* 2 = \\`x\\`");
        assert_eq!(
            md("<fullname>Amazon IVS</fullname> <span class=\"x\">kept</span><!-- gone -->"),
            "Amazon IVS kept"
        );
        assert_eq!(md("1 < 2 and a<b"), "1 \\< 2 and a\\<b");
        assert_eq!(md("<code>a &lt; b[0]</code>"), "`a < b[0]`");
        assert_eq!(md("<b>unclosed"), "**unclosed**");
        assert_eq!(md("&amp;lt; is an entity"), "\\&lt; is an entity");
    }

    /// The service description of the real document, converted in full.
    #[test]
    fn real_info_description() {
        let spec = include_str!("../../spec/ivs-realtime/2020-07-14/openapi.yaml");
        let expected = include_str!("../tests/fixtures/ivs_realtime_info_description.md");
        let api: openapiv3::OpenAPI = serde_yaml::from_str(spec).expect("spec parses");
        let operations: BTreeSet<String> = api
            .operations()
            .filter_map(|(_, _, op)| op.operation_id.clone())
            .collect();
        let html = api.info.description.as_deref().expect("description");
        let markdown = html_to_markdown(html, &operations);
        assert_eq!(markdown, expected.trim_end());
        assert!(!markdown.contains("<p>") && !markdown.contains("<a"));
        assert!(markdown.contains("- [`CreateStage`](operation:CreateStage) — Creates a new stage"));
    }
}
