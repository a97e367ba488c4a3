//! The README's usage example is `examples/readme.rs` (compiled by `cargo test`): README.md must
//! show exactly that program, so the documented code cannot drift from code that builds.

#[test]
fn readme_shows_the_compiled_example() {
    assert_readme_block(0, "readme.rs");
}

/// The custom credentials provider of the "Credentials" section is
/// `examples/custom_credentials.rs`.
#[test]
fn readme_shows_the_compiled_custom_provider() {
    assert_readme_block(1, "custom_credentials.rs");
}

/// The `index`-th ```rust,no_run block of README.md is the code of `examples/<example>`.
fn assert_readme_block(index: usize, example_file: &str) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let example = std::fs::read_to_string(format!("{root}/generated-sdk/examples/{example_file}"))
        .expect("the example");
    // The example file starts with a `//!` line saying what it is; README shows the code after it.
    let code: String = example
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let fence = "```rust,no_run\n";
    let start = readme
        .match_indices(fence)
        .nth(index)
        .expect("README has the ```rust,no_run block")
        .0
        + fence.len();
    let end = start + readme[start..].find("```\n").expect("the block is closed");
    assert_eq!(
        &readme[start..end],
        code,
        "README.md's block {index} differs from generated-sdk/examples/{example_file}"
    );
}
