'use strict';
const express = require('express');
const users = require('./routes/users');
const repos = require('./routes/repos');
const { trim } = require('./lib/strings');

const app = express();
app.use(express.json());

// Accept-Language style header parsing: safe, bounded pieces.
const LANG_TAG = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;

app.use((req, res, next) => {
  const lang = trim(req.get('accept-language') || 'en');
  req.lang = LANG_TAG.test(lang) ? lang : 'en';
  next();
});

app.use('/users', users);
app.use('/repos', repos);

module.exports = app;
