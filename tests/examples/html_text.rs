//! Agent lines in HTML, as the chat example shows them.

use crate::html::html_to_text;

#[test]
fn tags_are_removed_and_text_kept() {
    assert_eq!(
        html_to_text(
            r#"Your order <b>ships</b> <a href="https://x.invalid/t?a=1&amp;b=2">today</a>."#
        ),
        "Your order ships today."
    );
}

#[test]
fn common_entities_are_decoded() {
    assert_eq!(
        html_to_text("Tom &amp; Jerry &lt;3 &gt; &quot;cheese&quot; &#39;n&#39;&nbsp;crackers"),
        "Tom & Jerry <3 > \"cheese\" 'n' crackers"
    );
    assert_eq!(html_to_text("&#233;t&#xE9; &apos;"), "été '");
}

#[test]
fn escaped_markup_stays_visible_as_text() {
    assert_eq!(html_to_text("use &lt;b&gt; for bold"), "use <b> for bold");
}

#[test]
fn unknown_or_broken_entities_are_left_alone() {
    assert_eq!(
        html_to_text("AT&T &copy; &#xZZ; & done"),
        "AT&T &copy; &#xZZ; & done"
    );
}

#[test]
fn breaks_and_paragraphs_become_lines() {
    assert_eq!(
        html_to_text("<p>First  line\n  continues</p><p>Second</p>Third<br/>Fourth<BR>"),
        "First line continues\nSecond\nThird\nFourth"
    );
}

#[test]
fn a_lone_angle_bracket_is_text() {
    assert_eq!(html_to_text("1 < 2 and <i>3</i>"), "1 < 2 and 3");
    assert_eq!(html_to_text("2 > 1 and 1 <2"), "2 > 1 and 1 <2");
    assert_eq!(html_to_text("unclosed <b tag"), "unclosed <b tag");
}
