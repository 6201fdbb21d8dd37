'use strict';
const express = require('express');
const { isEmail, isSlug } = require('../lib/validators');
const { rtrim } = require('../lib/strings');

const router = express.Router();

router.post('/', (req, res) => {
  const email = rtrim(String(req.body.email || ''));
  if (!isEmail(email)) {
    return res.status(400).json({ error: 'invalid e-mail' });
  }
  if (!isSlug(String(req.body.handle || ''))) {
    return res.status(400).json({ error: 'invalid handle' });
  }
  res.status(201).json({ email });
});

// A numeric id: safe.
router.get(/^\/(\d+)$/, (req, res) => {
  res.json({ id: Number(req.params[0]) });
});

module.exports = router;
