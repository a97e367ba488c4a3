//! Fidelity of `cargo xtask import`: the AWS model APIs-guru converted (botocore 1.31.21's
//! ivs-realtime model, the first release carrying exactly the document's text; see
//! `tests/fixtures/botocore-1.31.21/README.md`) imports into a document that lowers to the same
//! service model as the APIs-guru document, except for the differences listed (and explained)
//! in `EXPECTED`. Any other difference fails the test, and so does a listed one that is gone.

use generator::import::{import, ModelFiles, Source};
use generator::model::{ErrorShape, Member, Operation, Service, Shape, Structure};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::io::Read;
use std::path::Path;

/// Every difference between the lowered APIs-guru document (left) and the lowered import
/// (right), by path, with the reason it is expected.
const EXPECTED: &[(&str, &str)] = &[
    // The SDK id (botocore's `serviceId`, `IVS RealTime`): the importer writes it as
    // `info.x-aws-sdk-id`; APIs-guru's converter keeps no such field.
    ("sdk_id", "only imported documents carry the SDK id"),
    // Servers: APIs-guru's converter lists a fixed set of 23 regions for `amazonaws.com`; the
    // importer lists every region of botocore's partitions using that DNS suffix (aws and
    // aws-us-gov in endpoints.json of the same release), which has more, in partition order.
    // Both resolve every region to the same host.
    (
        "endpoints[0].regions",
        "region list of the amazonaws.com partitions",
    ),
    // The importer writes one https server per DNS suffix of every partition in
    // endpoints.json (the ISO partitions too); APIs-guru writes only amazonaws.com and
    // amazonaws.com.cn (each also as http, which lowering ignores). The first two agree.
    ("endpoints.len", "servers for every partition"),
    ("endpoints[0].description", "server description wording"),
    ("endpoints[1].description", "server description wording"),
    // The importer records each error's real HTTP status (`x-aws-error`); APIs-guru's
    // documents drop the model's `error` trait.
    (
        "errors.AccessDeniedException.http_status",
        "real status from the model (403)",
    ),
    (
        "errors.ConflictException.http_status",
        "real status from the model (409)",
    ),
    (
        "errors.InternalServerException.http_status",
        "real status from the model (500)",
    ),
    (
        "errors.PendingVerification.http_status",
        "real status from the model (403)",
    ),
    (
        "errors.ResourceNotFoundException.http_status",
        "real status from the model (404)",
    ),
    (
        "errors.ServiceQuotaExceededException.http_status",
        "real status from the model (402)",
    ),
    (
        "errors.ValidationException.http_status",
        "real status from the model (400)",
    ),
];

fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/botocore-1.31.21");
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).expect("UTF-8"),
        Err(_) => {
            let gz = std::fs::read(dir.join(format!("{name}.gz"))).expect("fixture");
            let mut text = String::new();
            flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_string(&mut text)
                .expect("gzip");
            text
        }
    }
}

/// Differences between two values, by path.
#[derive(Default)]
struct Diff(Vec<String>);

impl Diff {
    fn value<T: PartialEq + Debug>(&mut self, path: &str, a: &T, b: &T) {
        if a != b {
            self.0.push(path.to_owned());
        }
    }

    fn keyed<T>(
        &mut self,
        path: &str,
        a: &[T],
        b: &[T],
        key: impl Fn(&T) -> String,
        each: impl Fn(&mut Self, &str, &T, &T),
    ) {
        let names = |v: &[T]| v.iter().map(&key).collect::<Vec<_>>();
        if names(a) != names(b) {
            let (sa, sb): (BTreeSet<_>, BTreeSet<_>) = (
                names(a).into_iter().collect(),
                names(b).into_iter().collect(),
            );
            if sa == sb {
                self.0.push(format!("{path}: order"));
            }
            for missing in sa.difference(&sb) {
                self.0.push(format!("{path}.{missing}: only in APIs-guru"));
            }
            for extra in sb.difference(&sa) {
                self.0.push(format!("{path}.{extra}: only in the import"));
            }
        }
        for x in a {
            if let Some(y) = b.iter().find(|y| key(y) == key(x)) {
                each(self, &format!("{path}.{}", key(x)), x, y);
            }
        }
    }

    fn members(&mut self, path: &str, a: &[Member], b: &[Member]) {
        self.keyed(
            path,
            a,
            b,
            |m| m.name.clone(),
            |d, p, x, y| {
                d.value(&format!("{p}.docs"), &x.docs, &y.docs);
                d.value(&format!("{p}.target"), &x.target, &y.target);
                d.value(&format!("{p}.required"), &x.required, &y.required);
                d.value(&format!("{p}.sensitive"), &x.sensitive, &y.sensitive);
                d.value(&format!("{p}.location"), &x.location, &y.location);
                d.value(
                    &format!("{p}.idempotency_token"),
                    &x.idempotency_token,
                    &y.idempotency_token,
                );
            },
        );
    }

    fn structure(&mut self, path: &str, a: &Structure, b: &Structure) {
        self.value(&format!("{path}.name"), &a.name, &b.name);
        self.value(&format!("{path}.docs"), &a.docs, &b.docs);
        self.members(&format!("{path}.members"), &a.members, &b.members);
    }

    fn service(&mut self, a: &Service, b: &Service) {
        self.value("title", &a.title, &b.title);
        self.value("service_id", &a.service_id, &b.service_id);
        self.value("signing_name", &a.signing_name, &b.signing_name);
        self.value("sdk_id", &a.sdk_id, &b.sdk_id);
        self.value("api_version", &a.api_version, &b.api_version);
        self.value("docs", &a.docs, &b.docs);
        self.value("default_endpoint", &a.default_endpoint, &b.default_endpoint);
        self.value("endpoints.len", &a.endpoints.len(), &b.endpoints.len());
        for (i, (x, y)) in a.endpoints.iter().zip(&b.endpoints).enumerate() {
            self.value(
                &format!("endpoints[{i}].url_template"),
                &x.url_template,
                &y.url_template,
            );
            self.value(&format!("endpoints[{i}].regions"), &x.regions, &y.regions);
            self.value(
                &format!("endpoints[{i}].description"),
                &x.description,
                &y.description,
            );
        }
        self.keyed(
            "operations",
            &a.operations,
            &b.operations,
            |o| o.name.clone(),
            |d, p, x: &Operation, y| {
                d.value(&format!("{p}.docs"), &x.docs, &y.docs);
                d.value(&format!("{p}.method"), &x.method, &y.method);
                d.value(&format!("{p}.path"), &x.path, &y.path);
                d.structure(&format!("{p}.input"), &x.input, &y.input);
                d.structure(&format!("{p}.output"), &x.output, &y.output);
                d.value(&format!("{p}.errors"), &x.errors, &y.errors);
                d.value(&format!("{p}.paginator"), &x.paginator, &y.paginator);
            },
        );
        let shapes = |s: &Service| {
            s.shapes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        self.keyed(
            "shapes",
            &shapes(a),
            &shapes(b),
            |(k, _)| k.clone(),
            |d, p, (_, x), (_, y)| match (x, y) {
                (Shape::Structure(x), Shape::Structure(y)) => d.structure(p, x, y),
                (Shape::Enum(x), Shape::Enum(y)) => d.value(p, x, y),
                _ => d.0.push(format!("{p}: kind")),
            },
        );
        let errors = |s: &Service| s.errors.values().cloned().collect::<Vec<_>>();
        self.keyed(
            "errors",
            &errors(a),
            &errors(b),
            |e| e.name.clone(),
            |d, p, x: &ErrorShape, y| {
                d.value(&format!("{p}.docs"), &x.docs, &y.docs);
                d.members(&format!("{p}.members"), &x.members, &y.members);
                d.value(&format!("{p}.http_status"), &x.http_status, &y.http_status);
            },
        );
    }
}

#[test]
fn the_model_apis_guru_converted_imports_into_the_same_service() {
    let service = fixture("service-2.json");
    let document = import(
        ModelFiles {
            service: &service,
            paginators: Some(&fixture("paginators-1.json")),
            endpoints: &fixture("endpoints.json"),
        },
        &Source {
            description: "botocore 1.31.21".into(),
            sha256: "8a5f01b3e3c74efb6ea929c260ed526311c8266d5a3bdd6760f4a751845c28cd".into(),
        },
    )
    .expect("the model imports");
    let imported = generator::load_service(document.as_bytes()).expect("the import lowers");
    let apis_guru = generator::load_service(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../spec/ivs-realtime/2020-07-14/openapi.yaml"),
        )
        .expect("spec"),
    )
    .expect("the APIs-guru document lowers");

    let mut diff = Diff::default();
    diff.service(&apis_guru, &imported);
    let expected: Vec<&str> = EXPECTED.iter().map(|(path, _)| *path).collect();
    let unexpected: Vec<&String> = diff
        .0
        .iter()
        .filter(|d| !expected.contains(&d.as_str()))
        .collect();
    let gone: Vec<&&str> = expected
        .iter()
        .filter(|e| !diff.0.iter().any(|d| d == *e))
        .collect();
    assert!(
        unexpected.is_empty() && gone.is_empty(),
        "unexpected differences: {unexpected:#?}\nlisted differences that are gone: {gone:#?}"
    );
    assert_eq!(imported.operations.len(), 15);
}
