'use strict';
const express = require('express');

const router = express.Router();

// hosted-git-info < 2.8.9 (CVE-2021-23362): parsing "user@host:owner/repo.git" shortcuts.
const GIT_SHORTCUT = new RegExp(
  '^([^:]+):(?:(?:[^@:]+(?:[^@]+)?@)?([^/]*))[/](.+?)(?:[.]git)?($|#)'
);

router.get('/resolve', (req, res) => {
  const m = GIT_SHORTCUT.exec(String(req.query.url || ''));
  if (!m) return res.status(400).json({ error: 'not a git shortcut' });
  res.json({ host: m[2], path: m[3] });
});

module.exports = router;
