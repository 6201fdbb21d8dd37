'use strict';

// axios < 0.21.3 (CVE-2021-3749): trimming with a regex whose `\s*$` is tried at every
// start position — quadratic on a long run of spaces followed by a non-space.
function trim(str) {
  return str.replace(/^\s*/, '').replace(/\s*$/, '');
}

// validator < 13.7 (CVE-2021-3765), rtrim.
function rtrim(str) {
  return str.replace(new RegExp('\\s+$'), '');
}

// Safe: a single character class, no ambiguity.
const COLLAPSE = /[ \t]+/g;

function collapse(str) {
  return str.replace(COLLAPSE, ' ');
}

module.exports = { trim, rtrim, collapse };
