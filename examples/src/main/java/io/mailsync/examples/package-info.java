/**
 * Runnable programs: {@link io.mailsync.examples.demo.Demo}, the self-contained demo the README's first command runs,
 * and {@link io.mailsync.examples.QuickStart}, the README's host sample.
 */
package io.mailsync.examples;
