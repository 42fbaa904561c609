//! Line and column of byte offsets, computed once per text. Spans stay byte
//! ranges everywhere else; only front ends turn them into positions.

/// Bytes between the character counts that [`LineIndex`] keeps, so that a
/// column on a very long line costs at most this much counting.
const CHECKPOINT_BYTES: usize = 4096;

/// 1-based line and column of byte offsets in a text; columns count
/// Unicode scalar values. Locating is cheap however long the lines are:
/// character counts are kept every [`CHECKPOINT_BYTES`], so that thousands
/// of findings on one minified line cost linear time, not quadratic.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Lines before `text` (a part of a large file read in parts): added
    /// to every line this index gives or takes, except the UTF-16
    /// positions, which are for whole documents.
    first_line: usize,
    starts: Vec<usize>,
    /// `(offset, characters before offset)` at char boundaries, every
    /// [`CHECKPOINT_BYTES`] or so; empty for short texts.
    checkpoints: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        if text.len() > CHECKPOINT_BYTES {
            let (mut offset, mut chars) = (0, 0);
            while offset + CHECKPOINT_BYTES < text.len() {
                let mut next = offset + CHECKPOINT_BYTES;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += count_chars(&text[offset..next]);
                offset = next;
                checkpoints.push((offset, chars));
            }
        }
        LineIndex {
            text,
            first_line: 0,
            starts,
            checkpoints,
        }
    }

    /// The index of a document's text, with its lines counted as in its
    /// file.
    pub fn of(doc: &'a crate::document::Document) -> Self {
        LineIndex::new(&doc.text).with_first_line(doc.first_line)
    }

    /// The same index for a text that starts after `first_line` lines of
    /// its file.
    pub fn with_first_line(mut self, first_line: usize) -> Self {
        self.first_line = first_line;
        self
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (from, chars) = if i == 0 {
            (0, 0)
        } else {
            self.checkpoints[i - 1]
        };
        chars + count_chars(&self.text[from..offset])
    }

    /// The 0-based line of the file holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.first_line + self.local_line(offset)
    }

    /// The 0-based line of `text` holding `offset`.
    fn local_line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of a 0-based line of the file, with its line break.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        self.local_line_range(line.checked_sub(self.first_line)?)
    }

    fn local_line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn location(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.local_line(offset);
        let line_start = self.starts[line];
        let column = if offset - line_start <= CHECKPOINT_BYTES {
            count_chars(&self.text[line_start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        };
        (self.first_line + line + 1, column + 1)
    }
}

impl LineIndex<'_> {
    /// 0-based line and column in UTF-16 code units, as the Language
    /// Server Protocol counts them (a CJK character is one unit, an emoji
    /// two). An offset inside a character is taken back to its start.
    pub fn utf16_position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.local_line(offset);
        let column = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        (line, column)
    }

    /// The byte offset of a 0-based line and UTF-16 column: a column past
    /// the line's end is its end (before the line break), a line past the
    /// text's end is the text's end, and a column inside a surrogate pair
    /// is the character's start.
    pub fn utf16_offset(&self, line: usize, column: usize) -> usize {
        let Some(range) = self.local_line_range(line) else {
            return self.text.len();
        };
        let content = &self.text[range.clone()];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let end = range.start + content.strip_suffix('\r').unwrap_or(content).len();
        let mut units = 0;
        for (i, c) in self.text[range.start..end].char_indices() {
            units += c.len_utf16();
            if units > column {
                return range.start + i;
            }
        }
        end
    }
}

fn count_chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_ignore_crlf() {
        let text = "ab\r\n海丝 Hai Silk\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.location(0), (1, 1));
        let hai = text.find("Hai").unwrap();
        assert_eq!(index.location(hai), (2, 4));
        assert_eq!(index.location(text.len()), (3, 1));
    }

    #[test]
    fn columns_on_very_long_lines_match_counting() {
        let line = "海丝 Hai Silk, é. ".repeat(2000);
        let text = format!("first\n{line}\nlast {line}");
        let index = LineIndex::new(&text);
        for offset in (0..text.len())
            .filter(|&o| text.is_char_boundary(o))
            .step_by(997)
        {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(index.location(offset), (line, column), "at {offset}");
        }
    }
}
