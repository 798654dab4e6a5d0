//! The page's words for a run's rules: every rule a shipped profile's run counted has a label
//! and a sentence in each language, and no message template (`{value}`, `{tracking}`) reaches
//! the page's rule tables.

use super::*;

#[test]
fn a_shipped_profiles_rules_reach_the_page_by_label_and_sentence_never_as_templates() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let placeholder = regex::Regex::new(r"\{[A-Za-z_][A-Za-z0-9_.:%]*\}").unwrap();
    for profile in [LEGACY, PAY, YAHOO] {
        let status = page.run(profile, &[(name, &bytes)]);
        assert_eq!(status["state"], "done", "{status}");
        let result = &status["result"];
        let words = result["rules"].as_object().unwrap();
        let mut seen = 0;
        for key in ["excluded_by_rule", "rejected_by_rule", "warnings_by_rule"] {
            for r in result[key].as_array().unwrap() {
                seen += 1;
                let id = r["rule"].as_str().unwrap();
                let w = &words[id];
                assert_eq!(w["labelled"], true, "{profile}: {id}: {w}");
                for lang in ["ja", "en"] {
                    for part in ["label", "about"] {
                        let text = w[part][lang].as_str().unwrap_or_default();
                        assert!(!text.is_empty() && text != id, "{profile}: {id} {part} ({lang}): {w}");
                        assert!(!placeholder.is_match(text), "{profile}: {id}: {text}");
                    }
                }
                let message = r["message"].as_str().unwrap_or_default();
                assert!(!placeholder.is_match(message), "{profile}: {id}: a template on the page: {message}");
            }
        }
        assert!(seen > 3, "{profile}: the fixture counts rules: {result}");
    }
}

/// The check of a run names each rule as its label, then its id, in the language asked.
#[test]
fn the_check_of_a_run_names_rules_by_label_then_id() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let s = page.run(LEGACY, &[(name, &bytes)]);
    let c = page.get(&format!("/api/runs/{}/check?lang=ja", s["id"].as_str().unwrap())).json();
    let outcomes = c["samples"][0]["outcomes"].as_array().unwrap_or_else(|| panic!("{c}"));
    let rules: Vec<&str> = outcomes.iter().filter_map(|o| o["outcome"]["rule"].as_str()).collect();
    assert!(rules.contains(&"ほかの店舗の注文 other_store"), "{rules:?}");
    assert!(rules.iter().all(|r| r.contains(' ')), "every rule with its label: {rules:?}");
}
