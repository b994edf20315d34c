//! The JSON-RPC server: HTTP POST with single requests or batches (geth's framing and
//! errors), CORS open to any origin so a page on another port can call it, and a 5 MiB body
//! limit (geth's). Requests are parsed here and run by the executor (`crate::miner`) in
//! arrival order.

pub mod api;

use std::net::SocketAddr;

use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde_json::{json, Value};
use tower_http::cors::CorsLayer;

use crate::{miner::Executor, Error};

/// geth's HTTP body limit.
pub const BODY_LIMIT: usize = 5 * 1024 * 1024;

/// The most requests in one batch.
pub const MAX_BATCH: usize = 1000;

/// The HTTP routes: JSON-RPC on `POST /`, an empty 200 on `GET /` (a health check, as geth),
/// and the files of `console` under `/console/` if given.
pub fn router(executor: Executor, console: Option<&std::path::Path>) -> Router {
    let mut router = Router::new()
        .route("/", post(rpc).get(|| async { StatusCode::OK }))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CorsLayer::permissive())
        .with_state(executor);
    if let Some(dir) = console {
        router = router.nest_service("/console", tower_http::services::ServeDir::new(dir));
    }
    router
}

fn error_response(id: Value, error: &Error) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": error.to_json() })
}

async fn rpc(State(executor): State<Executor>, body: Bytes) -> Response {
    let request: Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => {
            let error = json!({ "code": -32700, "message": "parse error" });
            return Json(json!({ "jsonrpc": "2.0", "id": null, "error": error })).into_response();
        }
    };
    match request {
        Value::Array(requests) => {
            if requests.is_empty() {
                let error = Error::InvalidRequest("empty batch".into());
                return Json(error_response(Value::Null, &error)).into_response();
            }
            if requests.len() > MAX_BATCH {
                let error = Error::InvalidRequest("batch too large".into());
                return Json(error_response(Value::Null, &error)).into_response();
            }
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                if let Some(response) = single(&executor, request).await {
                    responses.push(response);
                }
            }
            Json(Value::Array(responses)).into_response()
        }
        request => match single(&executor, request).await {
            Some(response) => Json(response).into_response(),
            None => StatusCode::OK.into_response(),
        },
    }
}

/// Runs one request; a notification (no `id`) gets no response.
async fn single(executor: &Executor, request: Value) -> Option<Value> {
    let id = request.get("id").cloned();
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        let error = Error::InvalidRequest("invalid request".into());
        return Some(error_response(id.unwrap_or(Value::Null), &error));
    };
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let result = executor.call(method.to_string(), params).await;
    let id = id?;
    Some(match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(error) => error_response(id, &error),
    })
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
