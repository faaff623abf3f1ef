//! Agent lines with `textType: html` as readable terminal text.

/// The text of an HTML fragment: tags removed, line breaks where blocks end, runs of whitespace
/// collapsed, and the common entities decoded (`&amp; &lt; &gt; &quot; &#39; &apos; &nbsp;` and
/// numeric ones). A `<` that does not open a tag is kept as text. Not a sanitiser for a browser: the
/// output is for a terminal only.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = tag_start(rest) {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        push_collapsed(&mut text, &rest[..open]);
        if breaks_line(&rest[open + 1..open + close]) {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    // What is left has no complete tag: an unclosed `<` is plain text after all.
    push_collapsed(&mut text, rest);

    let decoded = decode_entities(&text);
    let lines: Vec<&str> = decoded.lines().map(str::trim).collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |i| i + 1);
    lines[first..last].join("\n")
}

/// Where the next tag starts: a `<` followed by a letter, `/`, `!` or `?`, as in HTML; any
/// other `<` (`1 < 2`) is text.
fn tag_start(text: &str) -> Option<usize> {
    text.match_indices('<').map(|(at, _)| at).find(|&at| {
        text[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

/// HTML whitespace: any run of spaces, tabs and newlines reads as one space.
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Whether a tag (its inside, without `<` `>`) ends a line: `<br>`, and the end of a paragraph,
/// block or list item.
fn breaks_line(tag: &str) -> bool {
    let tag = tag.trim().trim_end_matches('/').trim();
    let (closing, name) = match tag.strip_prefix('/') {
        Some(name) => (true, name),
        None => (false, tag),
    };
    let name = name
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match name.as_str() {
        "br" => true,
        "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => closing,
        _ => false,
    }
}

/// Decodes `&name;` and `&#N;` / `&#xH;`; anything else stays as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| Some((entity(&rest[1..semi])?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "nbsp" => return Some(' '),
        _ => name.strip_prefix('#')?,
    };
    let value = match code.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => code.parse().ok()?,
    };
    char::from_u32(value)
}
