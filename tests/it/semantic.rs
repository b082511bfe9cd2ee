//! The semantic evidence: capcheck's own tokenizer and int8 engine against the original model
//! (token ids from the package's tokenizer, embeddings from an fp32 forward pass, both in
//! `rules/semantic/reference.tsv`), and the `evidence.semantic` field a user sees.

use capcheck::semantic::{cosine, Embedding, Model, MAX_TOKENS};

use crate::common::{check_json, only_doc, root};

/// One reference sentence: text, token ids, embedding.
struct Reference {
    text: String,
    ids: Vec<u32>,
    embedding: Embedding,
}

/// The rows of `rules/semantic/reference.tsv`.
fn references() -> Vec<Reference> {
    let text = std::fs::read_to_string(root().join("rules/semantic/reference.tsv"))
        .expect("rules/semantic/reference.tsv is readable");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {l}");
            let ids = cols[1].split(' ').map(|i| i.parse().expect("id")).collect();
            let values: Vec<f32> = cols[2]
                .split(' ')
                .map(|v| v.parse().expect("float"))
                .collect();
            Reference {
                text: cols[0].to_string(),
                ids,
                embedding: Embedding(values.try_into().expect("384 values")),
            }
        })
        .collect()
}

#[test]
fn tokens_match_the_reference_tokenizer() {
    let model = Model::builtin();
    let refs = references();
    assert!(refs.len() >= 12);
    for r in &refs {
        assert_eq!(model.tokenize(&r.text, MAX_TOKENS), r.ids, "{:?}", r.text);
    }
}

#[test]
fn embeddings_match_the_original_model() {
    let model = Model::builtin();
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let ours = model.embed_many(&texts, MAX_TOKENS);
    for (r, e) in refs.iter().zip(&ours) {
        let c = cosine(&r.embedding, e);
        assert!(c >= 0.98, "{:?}: cosine with the reference {c}", r.text);
        // One at a time gives the same as in a batch.
        let alone = model.embed(&r.text, MAX_TOKENS);
        assert!(cosine(&alone, e) > 0.9999, "{:?}", r.text);
    }
    for i in 0..refs.len() {
        for j in i + 1..refs.len() {
            let want = cosine(&refs[i].embedding, &refs[j].embedding);
            let got = cosine(&ours[i], &ours[j]);
            assert!(
                (want - got).abs() <= 0.03,
                "{:?} vs {:?}: {got}, reference {want}",
                refs[i].text,
                refs[j].text
            );
        }
    }
}

#[test]
fn any_input_embeds_to_a_unit_vector() {
    let model = Model::builtin();
    let long = "Harbour ".repeat(5_000);
    for text in [
        "",
        " ",
        "\u{0}\u{fffd}",
        "🙂🙂",
        long.as_str(),
        "ß",
        "İstanbul",
    ] {
        let e = model.embed(text, 4_000);
        let norm: f32 = e.0.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-3, "{text:?}: norm {norm}");
    }
}

#[test]
fn json_has_the_semantic_evidence_and_no_semantic_drops_it() {
    let page = "fixtures/entity-mismatch-quiet.html";
    let (all, _) = check_json(&[page, "--fail-on", "never", "--semantic-all"]);
    let (auto, _) = check_json(&[page, "--fail-on", "never"]);
    let (off, _) = check_json(&[page, "--fail-on", "never", "--no-semantic"]);
    let captioned = |doc: &serde_json::Value| -> Vec<serde_json::Value> {
        doc["images"]
            .as_array()
            .expect("images")
            .iter()
            .filter(|i| i["caption"].as_str().is_some_and(|c| !c.is_empty()))
            .cloned()
            .collect()
    };
    let with = captioned(only_doc(&all));
    assert!(!with.is_empty());
    for img in &with {
        let s = img["evidence"]["semantic"]
            .as_f64()
            .unwrap_or_else(|| panic!("evidence.semantic: {img:#}"));
        assert!((-1.0..=1.0).contains(&s));
    }
    for img in captioned(only_doc(&off)) {
        assert!(img["evidence"].get("semantic").is_none(), "{img:#}");
    }
    // The default asks the model only where the answer could change the verdict: its verdicts
    // and findings are those of comparing every caption.
    let verdicts = |doc: &serde_json::Value| -> Vec<serde_json::Value> {
        captioned(doc)
            .iter()
            .map(|i| i["verdict"].clone())
            .collect()
    };
    assert_eq!(verdicts(only_doc(&auto)), verdicts(only_doc(&all)));
    assert_eq!(only_doc(&auto)["findings"], only_doc(&all)["findings"]);
}
