//! The merge rules, one by one, on small parent/child pairs written to a temporary folder.

use super::super::{Origin, ProfileText};

/// The merged profile of `child` over `parent` (both file texts), as a TOML table.
fn merged(parent: &str, child: &str) -> Result<toml::Table, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parent.toml"), parent).unwrap();
    let path = dir.path().join("child.toml");
    let text = format!("extends = \"parent.toml\"\n{child}");
    let source = ProfileText::new("child".into(), Origin::File(path), text);
    let effective = source.effective(crate::i18n::Lang::En).map_err(|d| d.to_string())?;
    Ok(toml::from_str(&effective).expect("the effective profile is TOML"))
}

fn names(t: &toml::Table, key: &str, by: &str) -> Vec<String> {
    t[key].as_array().unwrap().iter().map(|i| i[by].as_str().unwrap().to_string()).collect()
}

const RULES: &str = "[[rules]]\nname = \"a\"\naction = \"exclude\"\n[[rules]]\nname = \"b\"\naction = \"exclude\"\n[[rules]]\nname = \"c\"\naction = \"exclude\"\n";

#[test]
fn a_childs_lookup_entries_come_before_the_parents_and_other_keys_are_kept() {
    let parent = "[lookups.s]\nignore_case = true\nentries = [{ from = [\"x\"], to = \"1\" }]\n";
    let t = merged(parent, "[lookups.s]\nentries = [{ from = [\"x\"], to = \"2\" }]\n").unwrap();
    let entries = t["lookups"]["s"]["entries"].as_array().unwrap();
    let to: Vec<&str> = entries.iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(to, ["2", "1"]);
    assert_eq!(t["lookups"]["s"]["ignore_case"].as_bool(), Some(true));
}

#[test]
fn a_named_item_is_replaced_in_place_removed_or_placed_before_or_after() {
    let t = merged(RULES, "[[rules]]\nname = \"b\"\naction = \"reject\"\n").unwrap();
    assert_eq!(names(&t, "rules", "name"), ["a", "b", "c"]);
    assert_eq!(t["rules"].as_array().unwrap()[1]["action"].as_str(), Some("reject"));

    let t = merged(RULES, "[[rules]]\nname = \"b\"\nremove = true\n[[rules]]\nname = \"d\"\naction = \"exclude\"\n")
        .unwrap();
    assert_eq!(names(&t, "rules", "name"), ["a", "c", "d"]);

    let child = "[[rules]]\nname = \"d\"\naction = \"exclude\"\nafter = \"a\"\n[[rules]]\nname = \"c\"\naction = \"exclude\"\nbefore = \"a\"\n";
    assert_eq!(names(&merged(RULES, child).unwrap(), "rules", "name"), ["c", "a", "d", "b"]);
}

#[test]
fn checks_and_warnings_are_named_by_their_rule() {
    let parent = "[[checks]]\nrule = \"x\"\nmessage = \"old\"\n[[checks]]\nrule = \"y\"\nmessage = \"y\"\n";
    let t = merged(parent, "[[checks]]\nrule = \"x\"\nmessage = \"new\"\n").unwrap();
    assert_eq!(names(&t, "checks", "message"), ["new", "y"]);
}

#[test]
fn a_field_is_replaced_whole_and_a_table_merges_key_by_key() {
    let parent = "[input.fields.f]\nheaders = [\"A\"]\ndefault = \"\"\n[output.rejects]\npath = \"r.csv\"\nwarned_path = \"w.csv\"\n";
    let t = merged(parent, "[input.fields.f]\nheaders = [\"B\"]\n[output.rejects]\npath = \"rr.csv\"\n").unwrap();
    let f = t["input"]["fields"]["f"].as_table().unwrap();
    assert_eq!(f["headers"].as_array().unwrap().len(), 1);
    assert!(!f.contains_key("default"), "the child's field is the whole field");
    assert_eq!(t["output"]["rejects"]["path"].as_str(), Some("rr.csv"));
    assert_eq!(t["output"]["rejects"]["warned_path"].as_str(), Some("w.csv"));
}

#[test]
fn placing_next_to_a_missing_item_or_removing_one_is_an_error_in_the_child() {
    let e = merged(RULES, "[[rules]]\nname = \"d\"\nafter = \"zz\"\n").unwrap_err();
    assert!(e.contains("child.toml:4:9: there is no item of `rules` named `zz` to place this one next to"), "{e}");
    let e = merged(RULES, "[[rules]]\nname = \"zz\"\nremove = true\n").unwrap_err();
    assert!(e.contains("child.toml:3:8: there is no item of `rules` named `zz` to remove"), "{e}");
}
