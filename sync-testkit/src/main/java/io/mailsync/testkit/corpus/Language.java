package io.mailsync.testkit.corpus;

/** The languages the corpus writes in; each brings its own scripts, punctuation and encodings. */
enum Language {
    EN, DE, FR, JA
}
