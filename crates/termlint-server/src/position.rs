//! Byte offsets in a buffer to LSP positions and back. LSP counts columns
//! in UTF-16 code units (the default `positionEncoding`), so a CJK
//! character is one unit, an emoji two, and a combining mark one of its own.

use lsp_types::{Position, Range};

/// Where each line of a text starts, to convert offsets both ways.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position: a column past the line's end is its
    /// end, a line past the text's end is the text's end, and a column in
    /// the middle of a surrogate pair is the character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
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
