import { exportJwk, generateCryptoKeyPair, importJwk } from "@fedify/fedify";
import type { SqlDb } from "../state/sql.js";

/**
 * The actor's RSA key pair (RSASSA-PKCS1-v1_5, 2048 bits: what Mastodon verifies), made the first
 * time and kept in the durable state: `DATA_DIR` on Node, the Durable Object's storage on Workers.
 * It never changes, or followers' servers would reject every later delivery.
 */
export async function actorKeyPair(db: SqlDb): Promise<CryptoKeyPair> {
  db.exec(
    "CREATE TABLE IF NOT EXISTS ap_keys (name TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, public_jwk TEXT NOT NULL)",
  );
  const row = db.all<{ private_jwk: string; public_jwk: string }>(
    "SELECT private_jwk, public_jwk FROM ap_keys WHERE name = 'actor'",
  )[0];
  if (row) {
    return {
      privateKey: await importJwk(JSON.parse(row.private_jwk), "private"),
      publicKey: await importJwk(JSON.parse(row.public_jwk), "public"),
    };
  }
  const pair = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  // OR IGNORE: of two first starts at once, the first pair written is the one kept and used.
  db.run(
    "INSERT OR IGNORE INTO ap_keys (name, private_jwk, public_jwk) VALUES ('actor', ?, ?)",
    JSON.stringify(await exportJwk(pair.privateKey)),
    JSON.stringify(await exportJwk(pair.publicKey)),
  );
  return actorKeyPair(db);
}
