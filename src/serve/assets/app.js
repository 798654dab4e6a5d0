// The page of `orderbridge serve`: plain DOM and ES modules, no framework. This is the entry
// module (the only script the page names); it loads the catalog, the profiles and whether
// there is a ledger, then sets each step up. Each step has its module (profiles, files, run,
// result, check, ledger); the page's state is in state.js, element creation in dom.js.

import { $ } from "./dom.js";
import { state } from "./state.js";
import { getJSON } from "./net.js";
import { fillProfiles, showProfile } from "./profiles.js";
import { setFiles, setupFiles } from "./files.js";
import { setupRun } from "./run.js";
import { showError } from "./result.js";
import { setupLedger } from "./ledger.js";

async function init() {
  setupFiles();
  setupRun();
  $("profile").addEventListener("change", showProfile);
  try {
    state.text = (await getJSON("/api/text?lang=" + encodeURIComponent(state.lang))).messages || {};
    const data = await getJSON("/api/profiles");
    state.maxUpload = data.max_upload_bytes;
    state.profiles = data.profiles;
    state.preselected = data.preselected || [];
    fillProfiles();
    setFiles([]);
    if ((await getJSON("/api/ledger")).enabled) setupLedger();
  } catch (err) {
    showError({ hint: "upload-failed", message: String(err && err.message) });
  }
}

init();
