//! Markdown: the prose of paragraphs, headings, list items, table cells and
//! quotes. Code (fenced, indented, inline), HTML, URLs, link targets and
//! front matter are not read.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::document::{PieceBuilder, Segment, UnitInfo};

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_)
    )
}

pub fn segments(text: &str) -> Vec<Segment> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut piece = PieceBuilder::new();
    // Depth inside elements whose text is not prose.
    let mut skipping = 0usize;
    let mut in_autolink = 0usize;
    let flush = |piece: &mut PieceBuilder, out: &mut Vec<Segment>| {
        let done = std::mem::take(piece).finish();
        if !done.text.trim().is_empty() {
            out.push(Segment {
                target: done,
                source: None,
                other_source: None,
                unit: UnitInfo::default(),
            });
        }
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    flush(&mut piece, &mut out);
                }
                match tag {
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => skipping += 1,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => {
                        in_autolink += 1;
                        piece.inline("link".into(), range.start, range.len());
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if is_block_end(&tag) {
                    flush(&mut piece, &mut out);
                }
                match tag {
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                        skipping = skipping.saturating_sub(1);
                    }
                    TagEnd::Link if in_autolink > 0 => in_autolink -= 1,
                    _ => {}
                }
            }
            Event::Text(t) if skipping == 0 && in_autolink == 0 => {
                if text.get(range.clone()) == Some(t.as_ref()) {
                    piece.verbatim(&t, range.start);
                } else {
                    piece.decoded(&t, range.start, range.len());
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::FootnoteReference(_)
                if skipping == 0 =>
            {
                piece.inline("code".into(), range.start, range.len());
            }
            Event::SoftBreak | Event::HardBreak if skipping == 0 => {
                piece.decoded("\n", range.start, range.len());
            }
            _ => {}
        }
    }
    flush(&mut piece, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_only_with_spans() {
        let text = "---\ntitle: Hai Silk\n---\n\n# The Hai Silk\n\nSee `Hai Silk` and <https://hai.silk/x>, [the Sea Silk](http://x.y/Hai_Silk).\n\n```\nHai Silk\n```\n\n    Hai Silk indented\n\n<div>Hai Silk</div>\n\n- item &amp; Hai Silk\n";
        let segments = segments(text);
        let texts: Vec<&str> = segments.iter().map(|s| s.target.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The Hai Silk",
                "See \u{FFFC} and \u{FFFC}, the Sea Silk.",
                "item & Hai Silk"
            ]
        );
        // Spans point into the file, through the entity.
        let item = &segments[2].target;
        let at = item.text.find("Hai").unwrap();
        assert_eq!(&text[item.file_span(at..at + 8)], "Hai Silk");
        assert_eq!(&text[item.file_span(5..6)], "&amp;");
        let see = &segments[1].target;
        let sea = see.text.find("Sea Silk").unwrap();
        assert_eq!(&text[see.file_span(sea..sea + 8)], "Sea Silk");
    }
}
