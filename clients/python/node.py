"""Starts a fresh local node for a test: ``stylus-host node --port 0 --deploy-token``, which
builds the token and deploys it through the StylusDeployer, then prints the dev accounts' keys,
the token's address and where it listens. The binary is $STYLUS_HOST (set by the Rust test that
runs this file), else the workspace's release or debug build."""

import json
import os
import re
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABI = json.loads((ROOT / "abi" / "IToken.json").read_text())


def binary():
    if os.environ.get("STYLUS_HOST"):
        return os.environ["STYLUS_HOST"]
    for profile in ("release", "debug"):
        candidate = ROOT / "target" / profile / "stylus-host"
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("no stylus-host binary: build it with `cargo build -p stylus-host`")


class Node:
    """A running node; `stop()` kills it, and it is killed after `limit` seconds anyway."""

    def __init__(self, limit=300):
        self.process = subprocess.Popen(
            [binary(), "node", "--port", "0", "--accounts", "4", "--deploy-token"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.killer = threading.Timer(limit, self.process.kill)
        self.killer.daemon = True
        self.killer.start()
        lines = []
        started = threading.Timer(240, self.process.kill)
        started.start()
        try:
            for line in self.process.stdout:
                lines.append(line)
                if line.startswith("Listening on "):
                    break
        finally:
            started.cancel()
        text = "".join(lines)
        listening = re.search(r"Listening on (\S+)", text)
        if not listening:
            self.stop()
            raise RuntimeError(f"the node did not start:\n{text}")
        self.url = f"http://{listening.group(1)}"
        self.keys = re.findall(r"\(\d+\) (0x[0-9a-f]{64})", text.split("Private Keys")[1])
        self.token = re.search(r"^(0x[0-9a-fA-F]{40})\s+\(Lean Token", text, re.M).group(1)
        self.chain_id = int(re.search(r"Chain ID\n=+\n\n(\d+)", text).group(1))

    def stop(self):
        self.killer.cancel()
        self.process.kill()
        self.process.wait()
