// The API reference, drawn from this server's own /openapi.json (FastAPI's pages would load from a CDN).
"use strict";

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function schemaText(schema) {
  return JSON.stringify(schema, null, 2);
}

async function show() {
  const status = document.getElementById("status");
  const target = document.getElementById("operations");
  let spec;
  try {
    spec = await (await fetch("/openapi.json")).json();
  } catch {
    status.textContent = "/openapi.json を読み込めませんでした。";
    return;
  }
  status.textContent = `${spec.info.title} ${spec.info.version}: ${spec.info.description ?? ""}`;
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const block = element("article", undefined, "finding");
      block.append(element("h2", `${method.toUpperCase()} ${path}`));
      if (operation.summary) block.append(element("p", operation.summary, "message"));
      if (operation.description) block.append(element("p", operation.description, "why"));
      for (const parameter of operation.parameters ?? []) {
        block.append(element("p", `パラメーター ${parameter.name}（${parameter.in}）${parameter.required ? "・必須" : ""}`, "why"));
      }
      const body = operation.requestBody?.content;
      if (body) {
        for (const [type, media] of Object.entries(body)) {
          block.append(element("p", `本文: ${type}`, "why"));
          block.append(element("pre", schemaText(media.schema)));
        }
      }
      target.append(block);
    }
  }
}

show();
