//! The summary a shop operator reads on the terminal after a run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::{Example, FileReport, Report};
use crate::i18n::{Lang, grouped, tr};

/// Everything the summary shows beyond the report.
#[derive(Debug, Clone)]
pub struct SummaryExtras {
    pub elapsed: Duration,
    pub dry_run: bool,
    pub strict_blocked: bool,
    pub encodings: Vec<(String, String)>,
    /// Where the profile came from (its file, or "built in").
    pub profile_origin: String,
    /// The files rows went to, written or not.
    pub files: Vec<FileReport>,
    /// The output folder, so the summary names the reject file where the operator finds it.
    pub out_dir: std::path::PathBuf,
}

/// The summary printed on stderr: a headline with the counts (in Japanese like the result
/// mail Rakuten sends, `正常終了:1,234件、エラー:5件、除外:12件`), then counts per file and per
/// rule, the encoding, the time. In `lang`; rule names, paths and values are the same in both.
pub fn summary(report: &Report, extras: &SummaryExtras, lang: Lang) -> String {
    let w = Words(lang);
    let mut s = String::new();
    let r = &report.rows;
    let would = extras.dry_run || extras.strict_blocked;
    let origin = &extras.profile_origin;
    let _ = writeln!(
        s,
        "{}",
        w.t("run-summary-profile", &[("profile", &report.profile), ("origin", origin), ("as-of", &report.as_of)])
    );
    let headline = if would { "run-summary-headline-would" } else { "run-summary-headline" };
    let (written, rejected, excluded, read) =
        (grouped(r.written), grouped(r.rejected), grouped(r.excluded), grouped(r.read));
    let _ = writeln!(
        s,
        "{}",
        w.t(headline, &[("written", &written), ("rejected", &rejected), ("excluded", &excluded), ("read", &read)])
    );
    for (path, enc) in &extras.encodings {
        let rows = report.inputs.iter().find(|i| &i.path == path).map_or(0, |i| i.rows);
        let _ = writeln!(
            s,
            "  {}",
            w.t("run-summary-input", &[("path", path), ("encoding", enc), ("rows", &w.rows(rows))])
        );
    }
    for d in &report.defaulted_fields {
        // The catalog quotes the value as the language does (「…」 in Japanese).
        let args = [("input", d.input.as_str()), ("field", &d.field), ("default", &d.default)];
        let _ = writeln!(s, "  {}", w.t("run-summary-defaulted", &args));
    }
    let _ = writeln!(s, "  {} {:>7}", w.label("run-summary-read"), w.count(r.read));
    let _ = writeln!(
        s,
        "  {} {:>7}",
        w.label(if would { "run-summary-would-write" } else { "run-summary-written" }),
        w.count(r.written)
    );
    file_lines(&mut s, &w, &extras.files);
    let _ = writeln!(s, "  {} {:>7}", w.label("run-summary-excluded"), w.count(r.excluded));
    rules_with_examples(&mut s, &w, report, &report.excluded_by_rule, &report.excluded_examples);
    let _ = writeln!(s, "  {} {:>7}", w.label("run-summary-rejected"), w.count(r.rejected));
    rules(&mut s, &w, report, &report.rejected_by_rule);
    if r.warnings > 0 {
        let _ = writeln!(s, "  {}", w.t("run-summary-warnings", &[("rows", &format!("{:>7}", w.rows(r.warnings)))]));
        // Each rule's line (its label and id), then its messages.
        let mut items: Vec<(&String, &u64)> = report.warnings_by_rule.iter().collect();
        items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((rule, n), name) in items.iter().zip(padded_names(&w, report, &items)) {
            let _ = writeln!(s, "    {name} {:>7}", w.count(**n));
            for e in report.warning_examples.get(*rule).map(Vec::as_slice).unwrap_or_default() {
                // Whole: a warning's second sentence is where to act.
                let value = e.value.replace(['\r', '\n'], " ");
                let _ = writeln!(
                    s,
                    "      {}",
                    w.t("run-summary-warning-example", &[("value", &value), ("n", &e.rows.to_string())])
                );
            }
        }
    }
    let out = |f: &str| extras.out_dir.join(f).display().to_string();
    if let Some(rej) = &report.rejects_file {
        let key = if extras.dry_run { "run-summary-rejects-file-would" } else { "run-summary-rejects-file" };
        let _ = writeln!(s, "  {}", w.t(key, &[("path", &out(rej))]));
    }
    let key = if extras.dry_run { "run-summary-archived-would" } else { "run-summary-archived" };
    for f in &report.archived {
        let _ = writeln!(s, "  {}", w.t(key, &[("file", f)]));
    }
    if let Some(aside) = &report.manifest_set_aside {
        let problem = w.t(&format!("manifest-problem-{}", aside.problem), &[]);
        let line = match &aside.kept_as {
            Some(kept) => w.t("run-summary-manifest-set-aside", &[("problem", &problem), ("kept", &out(kept))]),
            None => w.t("run-summary-manifest-not-followed", &[("problem", &problem)]),
        };
        let _ = writeln!(s, "  {line}");
    }
    if !report.not_from_this_run.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            w.t("run-summary-not-from-this-run", &[("files", &report.not_from_this_run.join(", "))])
        );
    }
    for (key, file) in
        [("run-summary-warned-file", &report.warned_file), ("run-summary-excluded-file", &report.excluded_file)]
    {
        if let Some(f) = file {
            let key = if extras.dry_run { format!("{key}-would") } else { key.to_string() };
            let _ = writeln!(s, "  {}", w.t(&key, &[("path", &out(f))]));
        }
    }
    if let Some((rule, n)) = mostly_excluded(report) {
        let args = [("rule", rule.as_str()), ("n", &grouped(n)), ("read", &grouped(r.read))];
        let _ = writeln!(s, "  {}", w.t("run-summary-mostly-excluded", &args));
    }
    if extras.strict_blocked {
        let _ = writeln!(s, "  {}", w.t("run-summary-strict-blocked", &[]));
    }
    let seconds = format!("{:.2}", extras.elapsed.as_secs_f64());
    let _ = write!(s, "  {}", w.t("run-summary-time", &[("seconds", &seconds)]));
    s
}

/// The last line of the summary of a run of several profiles (each profile's part comes
/// first, [`summary`]): the totals over all of them, and that their files were written
/// together (`dry_run`: would be).
pub fn summary_total(reports: &[&Report], dry_run: bool, lang: Lang) -> String {
    let sum = |f: fn(&Report) -> u64| grouped(reports.iter().map(|r| f(r)).sum());
    let (written, rejected, excluded) = (sum(|r| r.rows.written), sum(|r| r.rows.rejected), sum(|r| r.rows.excluded));
    let profiles = reports.iter().map(|r| r.profile.as_str()).collect::<Vec<_>>().join(", ");
    let key = if dry_run { "run-summary-all-would" } else { "run-summary-all" };
    let args =
        [("profiles", profiles.as_str()), ("written", &written), ("rejected", &rejected), ("excluded", &excluded)];
    tr(lang, key, &args)
}

/// The rule worth a note: it excluded most rows (more than half, of ten or more) of a run
/// that found nothing to upload — no row written, rejected or held back by the ledger as
/// already sent. A shop on several malls sees one rule (its other stores) exclude most rows
/// every day, with its own rows written: that is no news. A run with no row of its own at all
/// is what a wrong profile, a wrong store list or another day's export looks like.
fn mostly_excluded(report: &Report) -> Option<(&String, u64)> {
    let r = &report.rows;
    let already_sent = report.ledger.as_ref().map(|l| l.rule.as_str());
    let held_back = already_sent.and_then(|a| report.excluded_by_rule.get(a)).copied().unwrap_or(0);
    if r.written > 0 || r.rejected > 0 || held_back > 0 || r.read < 10 {
        return None;
    }
    let (rule, n) = report.excluded_by_rule.iter().max_by_key(|(_, n)| **n)?;
    (*n * 2 > r.read).then_some((rule, *n))
}

/// The summary's words in one language: catalog lookups, and counts as that language writes
/// them (`1,234件` in Japanese; the English digits as they always were, for scripts).
struct Words(Lang);

impl Words {
    fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        tr(self.0, key, args)
    }

    /// A label padded to 8 columns of display width (kanji take two).
    fn label(&self, key: &str) -> String {
        use unicode_width::UnicodeWidthStr;
        let text = self.t(key, &[]);
        let pad = 8usize.saturating_sub(text.width());
        format!("{text}{}", " ".repeat(pad))
    }

    /// A count: `1234` in English, `1,234件` in Japanese.
    fn count(&self, n: u64) -> String {
        let shown = if self.0 == Lang::En { n.to_string() } else { grouped(n) };
        self.t("run-summary-count", &[("n", &shown)])
    }

    /// `1 row`, `2 rows`; `1件`, `1,234件`.
    fn rows(&self, n: u64) -> String {
        if n == 1 {
            self.t("run-summary-one-row", &[])
        } else {
            let shown = if self.0 == Lang::En { n.to_string() } else { grouped(n) };
            self.t("run-summary-rows", &[("n", &shown)])
        }
    }
}

/// One line per file: its path, rows and display name (the store it is for), then where it is
/// uploaded, when the profile says (`[output] file_label`, `file_note`).
fn file_lines(s: &mut String, w: &Words, files: &[FileReport]) {
    let width = files.iter().map(|f| f.path.len()).max().unwrap_or(0);
    for f in files {
        let label = f.label.as_deref().map(|l| format!("  {l}")).unwrap_or_default();
        let _ = writeln!(s, "    {:<width$}  {:>7}{label}", f.path, w.rows(f.rows));
        if let Some(note) = &f.note {
            let _ = writeln!(s, "      {}", w.t("run-summary-file-note", &[("note", note)]));
        }
    }
}

/// A value shown in the summary: one line, at most 60 characters.
fn clip(v: &str) -> String {
    let one_line = v.replace(['\r', '\n'], " ");
    if one_line.chars().count() > 60 { one_line.chars().take(59).collect::<String>() + "…" } else { one_line }
}

/// A message longer than this is shortened to its whole sentences that fit.
const MESSAGE_MAX_CHARS: usize = 120;

/// A rule's message shown in the summary: one line, whole. A message is the profile's
/// instruction (which table to add a value to), so a cut in the middle loses where to act:
/// a long one keeps its leading sentences up to [`MESSAGE_MAX_CHARS`], ending where a
/// sentence ends outside any bracket (`「…」`, `[…]`, `（…）`); with no such place, it is whole.
fn clip_message(m: &str) -> String {
    let one_line = m.replace(['\r', '\n'], " ");
    if one_line.chars().count() <= MESSAGE_MAX_CHARS {
        return one_line;
    }
    let mut depth = 0usize;
    let mut cut = None;
    let chars: Vec<char> = one_line.chars().collect();
    for (i, &c) in chars.iter().enumerate().take(MESSAGE_MAX_CHARS) {
        match c {
            '「' | '『' | '[' | '(' | '（' | '【' | '{' => depth += 1,
            '」' | '』' | ']' | ')' | '）' | '】' | '}' => depth = depth.saturating_sub(1),
            '。' | '！' | '？' if depth == 0 => cut = Some(i + 1),
            '.' | '!' | '?' if depth == 0 && chars.get(i + 1).is_none_or(|n| *n == ' ') => cut = Some(i + 1),
            _ => {}
        }
    }
    match cut {
        Some(n) => chars[..n].iter().collect::<String>() + " …",
        None => one_line,
    }
}

/// A rule as a rule line names it: its label first, its id beside it in brackets
/// (`ほかの店舗の注文 (other_store)`); a rule without a label by its id alone.
fn rule_name(w: &Words, report: &Report, id: &str) -> String {
    let text = report.rules.get(id).cloned().unwrap_or_default();
    if super::is_labelled(&text) { format!("{} ({id})", super::rule_label(&text, id, w.0)) } else { id.to_string() }
}

/// The names of `items`, each padded to the display width of the widest (kanji take two),
/// and at least 22 columns, so that the counts line up.
fn padded_names(w: &Words, report: &Report, items: &[(&String, &u64)]) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let names: Vec<String> = items.iter().map(|(id, _)| rule_name(w, report, id)).collect();
    let width = names.iter().map(|n| n.width()).max().unwrap_or(0).max(22);
    names.into_iter().map(|n| format!("{n}{}", " ".repeat(width - n.width()))).collect()
}

/// Rules with their counts, each followed by its message and the values that decided it.
fn rules_with_examples(
    s: &mut String,
    w: &Words,
    report: &Report,
    map: &BTreeMap<String, u64>,
    examples: &BTreeMap<String, Vec<Example>>,
) {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((rule, n), name) in items.iter().zip(padded_names(w, report, &items)) {
        let e = examples.get(*rule).map(Vec::as_slice).unwrap_or_default();
        let message = e.iter().find(|x| !x.message.is_empty()).map(|x| clip_message(&x.message)).unwrap_or_default();
        let values: Vec<String> = e
            .iter()
            .filter(|x| !x.value.is_empty())
            .map(|x| w.t("run-summary-example", &[("value", &clip(&x.value)), ("n", &x.rows.to_string())]))
            .collect();
        // A rule no row example words (the engine's `duplicate`): its sentence.
        let message = match (message.is_empty() && values.is_empty(), report.rules.get(*rule)) {
            (true, Some(text)) => super::rule_about(text, w.0).map(|a| clip_message(&a)).unwrap_or_default(),
            _ => message,
        };
        // The punctuation around the values is the language's (a Japanese sentence takes 「（…、…）」).
        let list = values
            .into_iter()
            .reduce(|list, next| w.t("run-summary-example-join", &[("list", &list), ("next", &next)]));
        let text = match list {
            Some(list) if !message.is_empty() => w.t("run-summary-examples", &[("message", &message), ("list", &list)]),
            Some(list) => list,
            None => message,
        };
        let _ = writeln!(s, "    {name} {:>7}  {text}", w.count(**n));
    }
}

fn rules(s: &mut String, w: &Words, report: &Report, map: &BTreeMap<String, u64>) {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((_, n), name) in items.iter().zip(padded_names(w, report, &items)) {
        let _ = writeln!(s, "    {name} {:>7}", w.count(**n));
    }
}

#[cfg(test)]
mod tests {
    use super::clip_message;

    #[test]
    fn a_message_is_whole_or_cut_after_a_sentence_outside_brackets() {
        let short = "配送方法「自社便」に当てはまる配送会社がないため 1000（その他）にしました。正しい会社なら [lookups.carrier_code] にパターンを追加してください。";
        assert_eq!(clip_message(short), short);
        assert_eq!(clip_message("a\nb"), "a b");

        // The one sentence end within the limit outside a bracket is after 「…」 (the 。 inside
        // the quote does not count).
        let quoted = "あ".repeat(50);
        let long = format!("値「{quoted}。」は読めません。{} [lookups.x] に追加してください。", "い".repeat(80));
        assert_eq!(clip_message(&long), format!("値「{quoted}。」は読めません。 …"));

        // No sentence ends outside a bracket within the limit: whole.
        let one = format!("[{}。] です", "う".repeat(130));
        assert_eq!(clip_message(&one), one);
    }
}
