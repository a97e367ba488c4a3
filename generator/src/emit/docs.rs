//! Rustdoc from model docs: `#[doc]` attributes (printed as `///`), made safe for rustdoc.

use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`) for `text`, one per line.
pub(crate) fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for `text`, one per line.
pub(crate) fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// The model's docs if it has any, else `fallback`.
pub(crate) fn or(docs: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    match docs.map(str::trim) {
        Some(docs) if !docs.is_empty() => client_links(&sanitize(docs)),
        _ => fallback(),
    }
}

/// The model's operation links (`[…](operation:CreateStage)`, see
/// [`operation_link`](crate::model::operation_link)) as intra-doc links to the client's
/// methods: `[…](crate::Client::create_stage)`.
pub(crate) fn client_links(markdown: &str) -> String {
    const TARGET: &str = "](operation:";
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(TARGET) {
        let after = &rest[at + TARGET.len()..];
        let Some(close) = after.find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            "](crate::Client::{})",
            naming::method_name(&after[..close])
        ));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `a` or `an` for `word` (by its first letter, ignoring backticks).
pub(crate) fn article(word: &str) -> &'static str {
    let first = word
        .trim_start_matches(['`', '['])
        .chars()
        .next()
        .unwrap_or('x');
    if "AEIOUaeiou".contains(first) {
        "an"
    } else {
        "a"
    }
}

/// Each line with a leading space, so prettyplease prints `/// text` (`///` for blank lines).
fn lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Makes service Markdown safe for `RUSTDOCFLAGS=-D warnings`:
/// bare URLs become autolinks, `[text]` not followed by `(` is escaped (it would be an
/// unresolvable intra-doc link), and stray `<`/`>` outside code spans are escaped (rustdoc would
/// take them for HTML tags).
pub(crate) fn sanitize(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    for (i, line) in markdown.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            sanitize_line(line, &mut out);
        }
    }
    out
}

fn sanitize_line(line: &str, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // A backslash escape (`\[`, `\\`, `\<`) is already safe: copied as it is, so that
            // the escaped character is not escaped again (`\\[` would be a backslash and a
            // bracket that opens a link; `\&lt;` would show `&lt;`).
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.extend(&chars[i..i + 2]);
                i += 2;
                continue;
            }
            '`' => {
                // Copy a code span verbatim.
                let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
                let close = (i + ticks..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&c| c == '`').count() == ticks
                        && (j == 0 || chars[j - 1] != '`')
                });
                match close {
                    Some(j) => {
                        out.extend(&chars[i..j + ticks]);
                        i = j + ticks;
                    }
                    None => {
                        out.extend(&chars[i..i + ticks]);
                        i += ticks;
                    }
                }
                continue;
            }
            '[' => {
                // `[text](url)` is a link; anything else would be read as an intra-doc link.
                if let Some(end) = find_bracket_end(&chars, i) {
                    if chars.get(end + 1) == Some(&'(') {
                        if let Some(close) = chars[end + 1..].iter().position(|&c| c == ')') {
                            out.extend(&chars[i..end + 2 + close]);
                            i = end + 2 + close;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                // Keep autolinks `<https://...>`.
                let rest: String = chars[i..].iter().collect();
                if rest.starts_with("<http://") || rest.starts_with("<https://") {
                    if let Some(end) = rest.find('>') {
                        out.push_str(&rest[..=end]);
                        i += rest[..=end].chars().count();
                        continue;
                    }
                }
                out.push_str("&lt;");
            }
            // A `>` that starts a line is a block quote.
            '>' if chars[..i].iter().any(|c| !c.is_whitespace()) => out.push_str("&gt;"),
            'h' if starts_url(&chars, i)
                && (i == 0 || !matches!(chars[i - 1], '(' | '<' | '"')) =>
            {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ')' | '>' | '"'))
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

/// The index of the `]` matching the `[` at `start`.
fn find_bracket_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}
