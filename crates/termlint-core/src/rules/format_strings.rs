//! Format strings as gettext's `msgfmt -c` reads them, for PO entries
//! flagged `c-format`, `python-format` or `python-brace-format`: which
//! arguments a string uses, of which type, and whether every `%` starts a
//! directive.
//!
//! Written here rather than taken from a crate: no Rust crate parses the
//! three gettext format languages with argument positions and types.

use std::ops::Range;

use crate::document::FormatSyntax;

/// Which argument a directive takes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Argument {
    /// 1-based: implicit (`%s %d`) or explicit (`%2$s`, `{1}`).
    Position(usize),
    /// `%(name)s`, `{name}`.
    Name(String),
}

/// One directive: the argument, its type (conversion with its length
/// modifier, e.g. `ld`, after the flags, width and precision that shape the
/// output, e.g. `-10s`; for a brace field the attribute or index it reads,
/// e.g. `.name`), and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub argument: Argument,
    pub kind: String,
    pub range: Range<usize>,
}

/// A `%`, `{` or `}` that starts no valid directive, at this byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub range: Range<usize>,
}

impl Invalid {
    /// What is wrong, for a string in `syntax`, and how to write it right.
    pub fn explain(&self, text: &str, syntax: FormatSyntax) -> (&'static str, &'static str) {
        match (syntax, &text[self.range.start..self.range.start + 1]) {
            (FormatSyntax::PythonBrace, "}") => (
                "this `}` closes no field, so Python's `str.format` raises ValueError",
                "write `}}` for a closing brace",
            ),
            (FormatSyntax::PythonBrace, _) => (
                "this `{` starts no valid field, so Python's `str.format` raises an error",
                "write `{{` for an opening brace",
            ),
            _ => (
                "this `%` starts no valid format directive, so `msgfmt -c` rejects the entry",
                "write `%%` for a percent sign",
            ),
        }
    }
}

/// The directives of `text` in `syntax`, or the first invalid one.
pub fn directives(text: &str, syntax: FormatSyntax) -> Result<Vec<Directive>, Invalid> {
    match syntax {
        FormatSyntax::C => percent_directives(text, false),
        FormatSyntax::Python => percent_directives(text, true),
        FormatSyntax::PythonBrace => brace_directives(text),
    }
}

/// The type a conversion character stands for: `d` and `i` are one type,
/// as are the floating-point conversions.
fn type_class(conversion: char) -> char {
    match conversion {
        'i' => 'd',
        'o' | 'x' | 'X' => 'u',
        'e' | 'E' | 'F' | 'g' | 'G' | 'a' | 'A' => 'f',
        other => other,
    }
}

/// C and Python `%` directives.
fn percent_directives(text: &str, python: bool) -> Result<Vec<Directive>, Invalid> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut next_position = 1;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'%') {
            i = j + 1;
            continue;
        }
        // The `%` itself: what follows may not even be a whole character.
        let invalid = |_end: usize| Invalid {
            range: start..start + 1,
        };
        let mut argument = None;
        if python && bytes.get(j) == Some(&b'(') {
            let close = text[j..].find(')').ok_or_else(|| invalid(j + 1))?;
            argument = Some(Argument::Name(text[j + 1..j + close].to_owned()));
            j += close + 1;
        } else if !python {
            let digits = bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 && bytes.get(j + digits) == Some(&b'$') {
                let n: usize = text[j..j + digits].parse().map_err(|_| invalid(j))?;
                argument = Some(Argument::Position(n));
                j += digits + 1;
            }
        }
        let shape_start = j;
        j += bytes[j..]
            .iter()
            .take_while(|b| b"-+ #0'I".contains(b))
            .count();
        // Width and precision, possibly taken from arguments (`*`).
        j += bytes[j..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.' || **b == b'*')
            .count();
        let length_start = j;
        j += bytes[j..]
            .iter()
            .take_while(|b| b"hlLqjzt".contains(b))
            .count();
        let Some(&conversion) = bytes.get(j) else {
            return Err(invalid(j));
        };
        let conversions: &[u8] = if python {
            b"diouxXeEfFgGcrsa"
        } else {
            b"diouxXeEfFgGaAcspn"
        };
        if !conversions.contains(&conversion) {
            return Err(invalid(j + 1));
        }
        let argument = argument.unwrap_or_else(|| {
            let position = next_position;
            next_position += 1;
            Argument::Position(position)
        });
        // Flags, width and precision shape what is printed (`%10s` pads to
        // ten columns): pofilter and Weblate hold a translation to them, as
        // a changed width misaligns the program's columns. The grouping
        // flag `'` and the locale-digits flag `I` are the translator's to
        // add.
        let shape: String = text[shape_start..length_start]
            .chars()
            .filter(|c| !matches!(c, '\'' | 'I'))
            .collect();
        let length = &text[length_start..j];
        out.push(Directive {
            argument,
            kind: format!("{shape}{length}{}", type_class(conversion as char)),
            range: start..j + 1,
        });
        i = j + 1;
    }
    Ok(out)
}

/// Python `str.format` fields: `{}`, `{0}`, `{name}`, `{name:>10}`,
/// `{name!r}`; `{{` and `}}` are literal braces.
fn brace_directives(text: &str) -> Result<Vec<Directive>, Invalid> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut next_position = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'}' => return Err(Invalid { range: i..i + 1 }),
            b'{' => {
                // The field ends at its matching `}`: a format spec may hold
                // fields of its own (`{value:{width}}`).
                let Some(close) = super::text::matching_close(&text[i..], b'{', b'}') else {
                    return Err(Invalid { range: i..i + 1 });
                };
                let field = &text[i + 1..i + close];
                let path = field.split([':', '!']).next().unwrap_or("");
                // The field's first part up to `.` or `[` names the argument;
                // the rest (`.name`, `[0]`) is what it reads of it.
                let name_end = path.find(['.', '[']).unwrap_or(path.len());
                let (name, attribute) = path.split_at(name_end);
                let argument = if name.is_empty() {
                    let position = next_position;
                    next_position += 1;
                    Argument::Position(position)
                } else if let Ok(n) = name.parse::<usize>() {
                    Argument::Position(n + 1)
                } else if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    Argument::Name(name.to_owned())
                } else {
                    return Err(Invalid {
                        range: i..i + close + 1,
                    });
                };
                out.push(Directive {
                    argument,
                    kind: attribute.to_owned(),
                    range: i..i + close + 1,
                });
                i += close + 1;
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

/// How `text` (a translation) uses the arguments of its source, or why it
/// cannot: an argument the source lacks, or one of another type; and, for
/// arguments the source has, the ones `text` leaves out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Mismatch {
    /// Arguments the translation uses that no source has, or with a
    /// different type.
    pub extra: Vec<Directive>,
    /// Arguments of the source that the translation does not use.
    pub missing: Vec<Directive>,
}

/// Compare a translation's directives with the source's. `other` is the
/// other source of a plural entry: an argument either source has may be
/// used, and only arguments both have must be.
pub fn compare(
    source: &[Directive],
    other: Option<&[Directive]>,
    target: &[Directive],
) -> Mismatch {
    let known = |d: &Directive| {
        let has = |list: &[Directive]| {
            list.iter()
                .any(|s| s.argument == d.argument && s.kind == d.kind)
        };
        has(source) || other.is_some_and(has)
    };
    let extra: Vec<Directive> = target.iter().filter(|d| !known(d)).cloned().collect();
    let used = |d: &Directive| target.iter().any(|t| t.argument == d.argument);
    let mut missing: Vec<Directive> = Vec::new();
    for d in source {
        let required = other.is_none_or(|other| other.iter().any(|o| o.argument == d.argument));
        if required && !used(d) && !missing.iter().any(|m| m.argument == d.argument) {
            missing.push(d.clone());
        }
    }
    Mismatch { extra, missing }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str, syntax: FormatSyntax) -> Vec<(Argument, String)> {
        directives(text, syntax)
            .unwrap()
            .into_iter()
            .map(|d| (d.argument, d.kind))
            .collect()
    }

    #[test]
    fn c_positions_and_types() {
        use Argument::Position as P;
        assert_eq!(
            args("%s of %ld", FormatSyntax::C),
            vec![(P(1), "s".into()), (P(2), "ld".into())]
        );
        assert_eq!(
            args("%2$s 的 %1$s 100%%", FormatSyntax::C),
            vec![(P(2), "s".into()), (P(1), "s".into())]
        );
        assert_eq!(args("%i", FormatSyntax::C), vec![(P(1), "d".into())]);
        // `{0}` is no directive in C.
        assert!(args("{0}", FormatSyntax::C).is_empty());
        assert_eq!(
            directives("完成 100% 了", FormatSyntax::C),
            Err(Invalid { range: 10..11 })
        );
        assert!(directives("50%", FormatSyntax::C).is_err());
    }

    #[test]
    fn python_names_and_braces() {
        assert_eq!(
            args("%(age)d %(name)s", FormatSyntax::Python),
            vec![
                (Argument::Name("age".into()), "d".into()),
                (Argument::Name("name".into()), "s".into())
            ]
        );
        assert_eq!(
            args("{} {0} {name:>10} {{literal}}", FormatSyntax::PythonBrace),
            vec![
                (Argument::Position(1), String::new()),
                (Argument::Position(1), String::new()),
                (Argument::Name("name".into()), String::new())
            ]
        );
    }

    #[test]
    fn reordering_is_no_mismatch_but_a_changed_type_is() {
        let source = directives("%s of %s", FormatSyntax::C).unwrap();
        let target = directives("%2$s 的 %1$s", FormatSyntax::C).unwrap();
        assert_eq!(compare(&source, None, &target), Mismatch::default());
        let source = directives("%d files", FormatSyntax::C).unwrap();
        let target = directives("%s 个文件", FormatSyntax::C).unwrap();
        let found = compare(&source, None, &target);
        assert_eq!(found.extra.len(), 1);
        assert_eq!(found.missing.len(), 0);
    }
}
