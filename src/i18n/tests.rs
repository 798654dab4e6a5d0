use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Every `.ftl` file under `locales/`, as (language folder, file name) → text.
fn catalog_files() -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for lang in std::fs::read_dir(locales_dir()).expect("locales/ exists") {
        let lang = lang.unwrap().path();
        if !lang.is_dir() {
            continue;
        }
        let lang_name = lang.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&lang).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "ftl") {
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                out.insert((lang_name.clone(), name), std::fs::read_to_string(&f).unwrap());
            }
        }
    }
    out
}

#[test]
fn every_catalog_parses_and_has_every_key_in_both_languages_with_the_same_placeables() {
    let files = catalog_files();
    assert!(!files.is_empty());
    let langs: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    let names: std::collections::BTreeSet<&String> = files.keys().map(|(_, f)| f).collect();
    for (lang, _) in files.keys() {
        assert!(langs.contains(&lang.as_str()), "locales/{lang}/ is not a language of Lang");
    }
    for name in names {
        let mut per_lang = Vec::new();
        for lang in &langs {
            let text = files
                .get(&(lang.to_string(), name.clone()))
                .unwrap_or_else(|| panic!("locales/{lang}/{name} is missing"));
            if let Err((_, errors)) = FluentResource::try_new(text.clone()) {
                panic!("locales/{lang}/{name} does not parse: {errors:?}");
            }
            let msgs: BTreeMap<String, Vec<String>> = messages(text).into_iter().collect();
            per_lang.push((lang, msgs));
        }
        let (first_lang, first) = &per_lang[0];
        for (lang, msgs) in &per_lang[1..] {
            for (key, vars) in first {
                let other =
                    msgs.get(key).unwrap_or_else(|| panic!("{key} of {name} is in {first_lang}, not in {lang}"));
                assert_eq!(vars, other, "{key} of {name}: placeables differ between {first_lang} and {lang}");
            }
            for key in msgs.keys() {
                assert!(first.contains_key(key), "{key} of {name} is in {lang}, not in {first_lang}");
            }
        }
    }
}

#[test]
fn every_catalog_file_is_compiled_in() {
    let files = catalog_files();
    for ((lang, name), text) in &files {
        let c = CATALOGS
            .iter()
            .find(|c| c.lang.code() == lang && c.file == name)
            .unwrap_or_else(|| panic!("locales/{lang}/{name} is not in i18n::CATALOGS"));
        assert_eq!(c.text, text);
    }
    assert_eq!(CATALOGS.len(), files.len());
}

#[test]
fn accept_language_picks_the_preferred_supported_language() {
    assert_eq!(from_accept_language(None), Lang::Ja);
    assert_eq!(from_accept_language(Some("")), Lang::Ja);
    assert_eq!(from_accept_language(Some("ja,en-US;q=0.9,en;q=0.8")), Lang::Ja);
    assert_eq!(from_accept_language(Some("en-US,en;q=0.9,ja;q=0.8")), Lang::En);
    assert_eq!(from_accept_language(Some("fr-FR,fr;q=0.9,en;q=0.5")), Lang::En);
    assert_eq!(from_accept_language(Some("fr-FR,de")), Lang::Ja);
    assert_eq!(from_accept_language(Some("en;q=0.3, ja;q=0.7")), Lang::Ja);
    assert_eq!(from_accept_language(Some("EN-gb")), Lang::En);
    assert_eq!(from_accept_language(Some("en;q=0, ja;q=0.1")), Lang::Ja);
    assert_eq!(from_accept_language(Some("*")), Lang::Ja);
}

#[test]
fn messages_fill_in_their_arguments() {
    assert_eq!(tr(Lang::Ja, "n-rows", &[("n", "1,234")]), "1,234件");
    assert_eq!(tr(Lang::En, "n-rows", &[("n", "1,234")]), "1,234 rows");
    assert_eq!(tr(Lang::Ja, "no-such-key", &[]), "no-such-key");
    let t: BTreeMap<String, String> = templates(Lang::Ja, "serve.ftl").into_iter().collect();
    assert_eq!(t["n-rows"], "{n}件");
    assert_eq!(t["count-rejected"], "エラー");
}

#[test]
fn a_msg_is_put_into_words_in_the_language_asked_for() {
    let m = Msg::new("n-rows").arg("n", "1,234");
    assert_eq!(m.render(Lang::Ja), "1,234件");
    assert_eq!(m.render(Lang::En), "1,234 rows");
}

#[test]
fn counts_are_grouped_by_thousands() {
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(1234), "1,234");
    assert_eq!(grouped(1234567), "1,234,567");
}

#[test]
fn html_is_escaped() {
    assert_eq!(escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    assert!(matches!(escape_html("受注"), Cow::Borrowed(_)));
}

#[test]
fn no_key_is_in_two_catalog_files() {
    // The files of a language share one bundle: a key in two files would keep only the first.
    for lang in Lang::ALL {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for c in CATALOGS.iter().filter(|c| c.lang == lang) {
            for (key, _) in messages(c.text) {
                if let Some(other) = seen.insert(key.clone(), c.file) {
                    panic!("{key} is in both {other} and {} of {}", c.file, lang.code());
                }
            }
        }
    }
}

/// Every catalog key the code names as a literal (`Msg::new("…")`, `tr(…, "…")`, a key chosen
/// in a `match`), found by its prefix: a typo would show the key instead of a sentence.
#[test]
fn every_key_the_code_names_is_in_both_languages() {
    // The first word of every key in the catalogs (`run-`, `ledger-`, `page-`, ...): a literal
    // starting with one of them and shaped like a key is a key.
    let mut prefixes: Vec<String> = CATALOGS
        .iter()
        .flat_map(|c| messages(c.text))
        .filter_map(|(key, _)| key.split_once('-').map(|(first, _)| format!("{first}-")))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    assert!(prefixes.len() > 20, "{prefixes:?}");
    // Literals shaped like keys that are not messages: HTTP header values, the page's template
    // slots filled by code, Fluent argument names, the test's own missing key.
    const NOT_KEYS: &[&str] = &["no-referrer", "no-store", "other-lang", "as-of", "no-such-key"];
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut checked = 0;
    let mut missing = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let is_key = prefixes.iter().any(|p| literal.starts_with(p.as_str()))
                && !literal.ends_with('-')
                && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !is_key {
                continue;
            }
            for lang in Lang::ALL {
                if tr(lang, literal, &[]) == literal && !NOT_KEYS.contains(&literal) {
                    missing.push(format!("{} names `{literal}`, not in {}", f.display(), lang.code()));
                }
            }
            checked += 1;
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(checked > 200, "only {checked} keys found");
}

#[test]
fn a_message_renders_its_messages_in_its_own_language() {
    let inner = || Msg::new("input-empty");
    for lang in Lang::ALL {
        let empty = tr(lang, "input-empty", &[]);
        assert_ne!(empty, "input-empty", "the key is in the catalog");
        assert_eq!(Msg::at_path("a.csv", inner()).render(lang), format!("a.csv: {empty}"));
        // A line number in compiler notation in English, in words in Japanese.
        let at_line = match lang {
            Lang::Ja => format!("a.csv（3行目）：{empty}"),
            _ => format!("a.csv:3: {empty}"),
        };
        assert_eq!(Msg::at_line("a.csv", 3, inner()).render(lang), at_line);
        let joined = Msg::join(", ", [Msg::text("x"), inner(), Msg::text("{ $y }")]);
        assert_eq!(joined.render(lang), format!("x, {empty}, {{ $y }}"), "text is never read as Fluent");
        assert_eq!(Msg::lines([inner(), Msg::text("b")]).render(lang), format!("{empty}\nb"));
    }
    assert_ne!(Msg::at_path("a.csv", inner()).render(Lang::Ja), Msg::at_path("a.csv", inner()).render(Lang::En));
}

/// The entries cut from the catalogs are exactly the messages Fluent's parser finds, and
/// each one alone says what the whole catalog says, in every language.
#[test]
fn every_message_cut_from_its_catalog_reads_as_in_the_whole_catalog() {
    use fluent_bundle::concurrent::FluentBundle;
    for c in CATALOGS {
        let parsed = messages(c.text);
        let cut = bundles::entries_of(c.text);
        let keys: Vec<&str> = cut.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, parsed.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), "{}/{}", c.lang.code(), c.file);
        let whole = |text: &str| {
            let mut b = FluentBundle::new_concurrent(vec![c.lang.code().parse().unwrap()]);
            b.set_use_isolating(false);
            b.add_resource(FluentResource::try_new(text.to_string()).unwrap()).unwrap();
            b
        };
        let all = whole(c.text);
        for ((key, vars), (_, entry)) in parsed.iter().zip(&cut) {
            let alone = whole(entry);
            let marks: Vec<(String, String)> = vars.iter().map(|v| (v.clone(), format!("<{v}>"))).collect();
            let mut args = fluent_bundle::FluentArgs::new();
            for (k, v) in &marks {
                args.set(k.as_str(), v.as_str());
            }
            let say = |b: &FluentBundle<FluentResource>| {
                let m = b.get_message(key).unwrap();
                let mut errors = Vec::new();
                let value = m.value().map(|p| b.format_pattern(p, Some(&args), &mut errors).into_owned());
                let attrs: Vec<String> = m
                    .attributes()
                    .map(|a| b.format_pattern(a.value(), Some(&args), &mut errors).into_owned())
                    .collect();
                (value, attrs, errors.len())
            };
            assert_eq!(say(&alone), say(&all), "{}/{}: {key}", c.lang.code(), c.file);
        }
    }
    assert_eq!(bundles::message_id("a-b_c = x"), Some("a-b_c"));
    assert_eq!(bundles::message_id("key=x"), Some("key"));
    for line in ["# key = x", "-term = x", "    key = x", "  .attr = x", "[one] x", "key", "9key = x", ""] {
        assert_eq!(bundles::message_id(line), None, "{line:?}");
    }
}

/// No message uses another message or a term: each entry is parsed alone.
#[test]
fn no_message_refers_to_another() {
    for c in CATALOGS {
        let resource = FluentResource::try_new(c.text.to_string()).unwrap();
        let ast = format!("{:?}", resource.entries().collect::<Vec<_>>());
        assert!(!ast.contains("MessageReference") && !ast.contains("TermReference"), "{}/{}", c.lang.code(), c.file);
    }
}

/// A message is put into words by parsing only its own entry: a run of the command line in
/// one language never parses the other language's catalogs, nor its own's other messages.
#[test]
fn a_message_parses_only_its_own_entry() {
    let bundles = bundles::Bundles::new();
    // The message said, the one before it in its file, the one after it, one of another file.
    let keys = ["builtin-message-duplicate", "builtin-message-field-count", "builtin-message-unencodable", "cli-error"];
    assert_eq!(bundles.parsed(Lang::Ja, &keys), None);
    let text = bundles.tr(Lang::Ja, keys[0], &[]);
    assert_eq!(text, tr(Lang::Ja, keys[0], &[]));
    assert_eq!(bundles.parsed(Lang::Ja, &keys), Some(vec![true, false, false, false]));
    assert_eq!(bundles.parsed(Lang::En, &keys), None, "English is not read");
    assert_eq!(bundles.tr(Lang::Ja, "no-such-key", &[]), "no-such-key");
}
