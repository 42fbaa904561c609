//! Byte offsets in a buffer as LSP positions and back, through the core's
//! line index: LSP counts columns in UTF-16 code units (the default
//! `positionEncoding`).

use lsp_types::{Position, Range};

pub struct LineIndex<'a>(termlint_core::line_index::LineIndex<'a>);

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex(termlint_core::line_index::LineIndex::new(text))
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.0.utf16_position(offset);
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn offset(&self, position: Position) -> usize {
        self.0
            .utf16_offset(position.line as usize, position.character as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_with_cjk_emoji_and_combining_marks() {
        // 海 (1 unit, 3 bytes), 😀 (2 units, 4 bytes), e + U+0301 (2 units).
        let text = "ok\n海丝😀 cafe\u{301} Silk\n";
        let index = LineIndex::new(text);
        let silk = text.find("Silk").unwrap();
        assert_eq!(index.position(silk), Position::new(1, 11));
        assert_eq!(index.offset(Position::new(1, 11)), silk);
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.position(emoji), Position::new(1, 2));
        assert_eq!(index.position(emoji + 4), Position::new(1, 4));
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(index.offset(Position::new(1, 3)), emoji);
        // Past the end of a line, and of the text.
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        assert_eq!(index.position(text.len()), Position::new(2, 0));
    }
}
