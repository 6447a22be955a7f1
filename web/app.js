"use strict";
// Dates are ISO in the API and dd/mm/yyyy on screen.
function vnDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

async function loadHealth() {
  const status = document.getElementById("health-status");
  try {
    const r = await fetch("api/v1/health", { headers: { Accept: "application/json" } });
    const h = await r.json();
    if (!r.ok) throw new Error(h.detail || h.title || r.status);
    document.getElementById("h-version").textContent = h.version;
    document.getElementById("h-backend").textContent =
      h.backend === "sqlite" ? "SQLite (nhúng)" : "PostgreSQL";
    document.getElementById("h-schema").textContent = h.schema_version;
    document.getElementById("h-date").textContent = vnDate(h.business_date);
    document.getElementById("health").hidden = false;
    status.textContent = "Hệ thống hoạt động bình thường.";
    status.className = "ok";
  } catch (e) {
    status.textContent = "Không kết nối được máy chủ: " + e.message;
    status.className = "bad";
  }
}

loadHealth();
