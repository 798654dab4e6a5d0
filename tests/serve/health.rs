//! The page counts a profile's problems as `list-profiles` and `validate-profile` do, and
//! refuses to run a profile they refuse.

use super::*;

#[test]
fn a_profile_whose_test_fails_is_listed_with_one_problem_and_not_run() {
    let ws = Workspace::new();
    let own = "[[tests]]\nname = \"a wrong expectation\"\nexcluded = \"cancelled\"\n";
    ws.write("m/wrong.toml", format!("extends = \"{PAY}\"\ndescription = \"wrong\"\n{own}"));
    let page = Page::with(Config { mappings: Some(ws.path().join("m")), ..Config::default() });
    let profiles = page.get("/api/profiles?lang=en").json();
    let wrong = profiles["profiles"].as_array().unwrap().iter().find(|p| p["name"] == "wrong").unwrap();
    assert_eq!((wrong["valid"].as_bool(), wrong["problem_count"].as_u64()), (Some(false), Some(1)), "{wrong}");
    let (name, bytes) = fixture();
    let s = page.run_in(Some("en"), "wrong", &[(name, &bytes)]);
    assert_eq!((s["state"].as_str(), s["error"]["kind"].as_str()), (Some("failed"), Some("profile")), "{s}");
    let message = s["error"]["message"].as_str().unwrap();
    assert!(message.contains("profile `wrong` has 1 problem(s) and is not run"), "{message}");
    assert!(message.contains("test `a wrong expectation` failed"), "{message}");
}
