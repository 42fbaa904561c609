//! From bytes to text: byte-order marks, declared and forced encodings,
//! binary detection, and located errors for malformed input.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded file text.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Length of the byte-order mark that preceded the text.
    pub bom_len: usize,
    pub encoding: &'static Encoding,
}

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Looks like a binary file (NUL bytes and no UTF-16 byte-order mark);
    /// with the encoding it would read as, when it looks like UTF-16 text
    /// without a byte-order mark.
    Binary(Option<&'static Encoding>),
    Invalid(String),
}

/// The encoding an XML file declares: UTF-16 recognised by its first
/// bytes (`<?` without a byte-order mark), others by `encoding="..."`.
fn xml_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"<\0?\0") {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(b"\0<\0?") {
        return Some(UTF_16BE);
    }
    let head = bytes.get(..bytes.len().min(200))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.iter().position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let value = decl.split("encoding=").nth(1)?;
    // Only a quoted value is a declaration; anything else is left to UTF-8.
    let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let label = value[1..].split(quote).next()?;
    Encoding::for_label(label.as_bytes()).filter(|&e| e != UTF_8)
}

/// The UTF-16 encoding that bytes with NULs would read as, when they look
/// like UTF-16 text without a byte-order mark: every NUL on the same side
/// of its code unit, an even length, and valid UTF-16 with few controls.
pub fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN) & !1];
    if head.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let nul_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|&(i, &b)| b == 0 && i % 2 == parity)
            .count()
    };
    let encoding = match (nul_at(0), nul_at(1)) {
        (0, odd) if odd > 0 => UTF_16LE,
        (even, 0) if even > 0 => UTF_16BE,
        _ => return None,
    };
    let (text, malformed) = encoding.decode_without_bom_handling(head);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    (!malformed && controls * 100 <= text.chars().count()).then_some(encoding)
}

/// How many leading bytes are inspected for NUL when detecting binaries.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// [`decode`] for bytes the caller gives up: UTF-8 without a byte-order
/// mark (most files) becomes the text without a copy, which for a large
/// termbase saves holding it twice.
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    let utf8 = Encoding::for_bom(&bytes).is_none()
        && forced
            .or_else(|| xml_declared_encoding(&bytes))
            .unwrap_or(UTF_8)
            == UTF_8
        && !bytes[..bytes.len().min(BINARY_SNIFF_LEN)].contains(&0);
    if !utf8 {
        return decode(&bytes, forced);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            bom_len: 0,
            encoding: UTF_8,
        }),
        Err(err) => decode(err.as_bytes(), forced),
    }
}

/// Decode file bytes: a byte-order mark decides first, then `forced`, then
/// UTF-8. Malformed input is an error naming the place, never replaced.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((encoding, len)) => (encoding, len),
        None => (
            forced
                .or_else(|| xml_declared_encoding(bytes))
                .unwrap_or(UTF_8),
            0,
        ),
    };
    let body = &bytes[bom_len..];
    let wide = encoding == UTF_16LE || encoding == UTF_16BE;
    if !wide && body[..body.len().min(BINARY_SNIFF_LEN)].contains(&0) {
        return Err(DecodeError::Binary(sniff_utf16(body)));
    }
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(Decoded {
                text: text.to_owned(),
                bom_len,
                encoding,
            }),
            Err(err) => Err(DecodeError::Invalid(invalid_utf8_message(body, err, 0))),
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len()),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(Decoded {
            text,
            bom_len,
            encoding,
        }),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            // `text` holds what decoded before the bad bytes.
            let (line, column) = crate::line_index::LineIndex::new(&text).location(text.len());
            let at = read.saturating_sub(bad as usize + after as usize);
            Err(DecodeError::Invalid(format!(
                "not valid {} text at line {line}, column {column} (byte 0x{:02X})",
                encoding.name(),
                body.get(at).copied().unwrap_or(0)
            )))
        }
        // The buffer was sized for the worst case.
        encoding_rs::DecoderResult::OutputFull => Err(DecodeError::Invalid(format!(
            "not valid {} text",
            encoding.name()
        ))),
    }
}

/// Where UTF-8 `body` goes wrong, as the error names it; `body` starts
/// `lines_before` lines into its file.
pub fn invalid_utf8_message(body: &[u8], err: std::str::Utf8Error, lines_before: usize) -> String {
    let valid = &body[..err.valid_up_to()];
    // The prefix is valid UTF-8 by construction.
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    let line = lines_before + prefix.matches('\n').count() + 1;
    let column = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!(
        "not valid UTF-8 at line {line}, column {column} (byte 0x{:02X}); \
         pass --encoding LABEL (e.g. gb18030, big5, shift_jis) to read a legacy encoding",
        body[err.valid_up_to()]
    )
}

/// Bytes before the decoded text in the file, for offsets in output: the
/// byte-order mark of a UTF-8 file. Files in other encodings report offsets
/// into their UTF-8 text.
pub fn file_offset_base(decoded: &Decoded) -> usize {
    if decoded.encoding == UTF_8 {
        decoded.bom_len
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_owned_bytes_is_decoding_borrowed_ones() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("海丝".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let cases: [&[u8]; 6] = [
            "泉州 Hai Silk\n".as_bytes(),
            b"\xEF\xBB\xBFwith a mark",
            b"bad \xFF byte",
            b"a NUL\0byte",
            &utf16,
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>",
        ];
        for bytes in cases {
            for forced in [None, Some(UTF_8)] {
                let (owned, borrowed) =
                    (decode_owned(bytes.to_vec(), forced), decode(bytes, forced));
                match (owned, borrowed) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(
                            (a.text, a.bom_len, a.encoding),
                            (b.text, b.bom_len, b.encoding)
                        );
                    }
                    (a, b) => assert_eq!(a.err(), b.err()),
                }
            }
        }
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFHai Silk", None).unwrap();
        assert_eq!(d.text, "Hai Silk");
        assert_eq!(d.bom_len, 3);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "海丝 Hai".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, "海丝 Hai");
    }

    #[test]
    fn invalid_utf8_names_the_place() {
        let err = decode(b"ok\nab\xD6\xD0", None).unwrap_err();
        match err {
            DecodeError::Invalid(message) => {
                assert!(
                    message.starts_with("not valid UTF-8 at line 2, column 3"),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gb18030_decodes_when_forced() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("海上丝绸之路");
        let d = decode(&bytes, Some(encoding_rs::GB18030)).unwrap();
        assert_eq!(d.text, "海上丝绸之路");
    }

    #[test]
    fn xml_declarations_choose_the_encoding() {
        let mut wide = Vec::new();
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><xliff/>".encode_utf16() {
            wide.extend(unit.to_le_bytes());
        }
        assert!(decode(&wide, None).unwrap().text.ends_with("<xliff/>"));
        let (gbk, _, _) =
            encoding_rs::GB18030.encode("<?xml version='1.0' encoding='GB18030'?><seg>海丝</seg>");
        assert!(decode(&gbk, None).unwrap().text.contains("海丝"));
    }

    #[test]
    fn utf16_without_bom_is_recognised_but_not_guessed() {
        let mut le = Vec::new();
        for unit in "海丝 Hai Silk\n".encode_utf16() {
            le.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&le, None), Err(DecodeError::Binary(Some(UTF_16LE))));
        assert_eq!(decode(&le, Some(UTF_16LE)).unwrap().text, "海丝 Hai Silk\n");
        let be: Vec<u8> = le.chunks(2).flat_map(|p| [p[1], p[0]]).collect();
        assert_eq!(decode(&be, None), Err(DecodeError::Binary(Some(UTF_16BE))));
    }

    #[test]
    fn legacy_decoding_errors_are_located() {
        let mut bytes = encoding_rs::SHIFT_JIS
            .encode("一行目\n二行目")
            .0
            .into_owned();
        bytes.extend_from_slice(b"\x81");
        let err = decode(&bytes, Some(encoding_rs::SHIFT_JIS)).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Invalid("not valid Shift_JIS text at line 2, column 4 (byte 0x81)".into())
        );
    }

    #[test]
    fn odd_declarations_never_panic() {
        for bytes in [
            &b"<?xml encoding=\xc3\xa9x?>"[..],
            b"<?xml encoding=",
            b"<?xml encoding=\"",
            b"<?xml encoding='\xe6\xb5\xb7'?>",
            b"<?xml encoding=\"nope\"?><a/>",
        ] {
            assert!(decode(bytes, None).is_ok(), "{bytes:?}");
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode(b"\x7fELF\x00\x01", None),
            Err(DecodeError::Binary(None))
        );
        assert_eq!(decode(b"", None).unwrap().text, "");
    }
}
