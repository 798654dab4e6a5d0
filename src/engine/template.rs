//! Templates: route paths (`{store}/{as_of:%Y%m%d}.csv`) and messages (`「{status}」は…`).

use super::SlotId;

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(String),
    Slot(SlotId),
    /// Index into the run's pre-formatted as-of strings.
    AsOf(usize),
    InputStem,
    /// The profile's name (`{profile}`): lists of several profiles in one folder stay apart.
    Profile,
    /// A variable supplied by the engine for its own rules (`{column}`, `{char}`, …).
    Var(String),
}

/// A parsed template. `{{` and `}}` stand for literal braces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    pub parts: Vec<Part>,
}

impl Template {
    /// Whether the template names `{input_stem}` itself (not through a value: see
    /// [`super::Plan::uses_input_stem`]).
    pub fn uses_input_stem(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::InputStem))
    }
}

impl super::Plan {
    /// Whether a file's path (the route or the reject file's) depends on the input's name:
    /// `{input_stem}` in the path, or in a value the path uses, however indirectly. Two inputs
    /// of the same name would then share one file.
    pub fn uses_input_stem(&self) -> bool {
        let mut seen = vec![false; self.slot_names.len()];
        let mut todo: Vec<SlotId> = Vec::new();
        for t in [&self.route, &self.rejects.path] {
            if t.uses_input_stem() {
                return true;
            }
            todo.extend(t.parts.iter().filter_map(|p| if let Part::Slot(s) = p { Some(*s) } else { None }));
        }
        let fields = self.field_count();
        while let Some(slot) = todo.pop() {
            if slot < fields || std::mem::replace(&mut seen[slot], true) {
                continue;
            }
            let Some(v) = self.values.get(slot - fields) else { continue };
            if let super::ValueSource::Template(t) = &v.source
                && t.uses_input_stem()
            {
                return true;
            }
            todo.extend(&v.deps);
        }
        false
    }
}

/// A message for the shop operator: a template rendered only when a row is rejected or warned.
pub type Message = Template;

/// A placeholder as written, before it is resolved against the profile's names.
#[derive(Debug, PartialEq)]
pub enum RawPart<'a> {
    Lit(String),
    /// Name and its byte offset in the template text.
    Name(&'a str, usize),
}

/// Splits a template into literal text and `{name}` placeholders.
pub fn split(text: &str) -> Result<Vec<RawPart<'_>>, String> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find(['{', '}']) {
        lit.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&c) {
            lit.push(c as char);
            rest = &after[1..];
            offset += i + 2;
            continue;
        }
        if c == b'}' {
            return Err(format!("unmatched `}}` at byte {}", offset + i));
        }
        let end = after.find('}').ok_or_else(|| format!("unclosed `{{` at byte {}", offset + i))?;
        if !lit.is_empty() {
            parts.push(RawPart::Lit(std::mem::take(&mut lit)));
        }
        parts.push(RawPart::Name(&after[..end], offset + i + 1));
        rest = &after[end + 1..];
        offset += i + 1 + end + 1;
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        parts.push(RawPart::Lit(lit));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names_and_escapes() {
        let p = split("{a}/x_{as_of:%Y}{{b}}.csv").unwrap();
        assert_eq!(
            p,
            vec![
                RawPart::Name("a", 1),
                RawPart::Lit("/x_".into()),
                RawPart::Name("as_of:%Y", 7),
                RawPart::Lit("{b}.csv".into())
            ]
        );
    }

    #[test]
    fn rejects_unbalanced_braces() {
        assert!(split("{a").is_err());
        assert!(split("a}").is_err());
    }
}
