// The page's state, all of it in one place: what the server said (the catalog, the
// profiles, the upload limit) and what the user did (the files chosen, the date touched, a
// run going). The other modules read and set these fields; none keeps state of its own.

export const state = {
  // The page's language, as the server rendered it.
  lang: document.documentElement.lang || "ja",
  // The catalog's messages (GET /api/text).
  text: {},
  // GET /api/profiles.
  profiles: [],
  // The shop file's profiles (chosen to begin with).
  preselected: [],
  maxUpload: Infinity,
  // The exports to send.
  chosen: [],
  // The user set the as-of date: choosing another profile keeps it.
  asOfTouched: false,
  // A run is being sent or followed.
  busy: false,
};
