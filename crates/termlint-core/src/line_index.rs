//! Line and column of byte offsets, computed once per text. Spans stay byte
//! ranges everywhere else; only front ends turn them into positions.

/// 1-based line and column of byte offsets in a text; columns count
/// Unicode scalar values.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    pub fn location(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
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
}
