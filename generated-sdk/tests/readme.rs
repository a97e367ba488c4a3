//! The README's usage example is `examples/readme.rs` (compiled by `cargo test`): README.md must
//! show exactly that program, so the documented code cannot drift from code that builds.

#[test]
fn readme_shows_the_compiled_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let example = std::fs::read_to_string(format!("{root}/generated-sdk/examples/readme.rs"))
        .expect("examples/readme.rs");
    // The example file starts with a `//!` line saying what it is; README shows the code after it.
    let code: String = example
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let fence = "```rust,no_run\n";
    let start = readme
        .find(fence)
        .expect("README has a ```rust,no_run block")
        + fence.len();
    let end = start + readme[start..].find("```\n").expect("the block is closed");
    assert_eq!(
        &readme[start..end],
        code,
        "README.md's example differs from generated-sdk/examples/readme.rs"
    );
}
