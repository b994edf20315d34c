//! The deployable token stays within its size budget. It was 10,000 B compressed; after
//! wasm-opt the token is 8,773 B (8,783 as `cargo stylus check` prints it, with its project
//! hash), so the budget follows it down.

use stylus_host::artifact;

/// The compressed-size budget for the full token, in bytes.
const BUDGET: usize = 9_000;

#[test]
fn deployable_token_fits_the_size_budget() {
    let raw = artifact::build().expect("the token builds");
    let sizes = artifact::sizes(&raw).expect("the token re-encodes");
    assert!(
        sizes.compressed <= BUDGET,
        "{} B compressed, over the {BUDGET} B budget",
        sizes.compressed
    );
    // Re-encoding adds only the `project_hash` custom section: 1 id byte, 1 size byte, 1 name
    // length byte, the 12-byte name and the 32-byte hash.
    assert!(
        sizes.processed <= sizes.raw + 47,
        "re-encoding grows the module by more than the project hash: {} → {}",
        sizes.raw,
        sizes.processed
    );
}

#[test]
fn processing_keeps_the_code_and_drops_custom_sections() {
    let raw = artifact::build().expect("the token builds");
    let processed = artifact::process(&raw).expect("the token re-encodes");
    let customs: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&processed)
        .filter_map(|payload| match payload.expect("a valid module") {
            wasmparser::Payload::CustomSection(section) => Some(section.name().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(customs, ["project_hash"]);
    let exports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&processed)
        .filter_map(|payload| match payload.expect("a valid module") {
            wasmparser::Payload::ExportSection(reader) => Some(
                reader
                    .into_iter()
                    .map(|e| e.expect("an export").name.to_string())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(exports.contains(&"user_entrypoint".to_string()));
    assert!(exports.contains(&"memory".to_string()));
}
