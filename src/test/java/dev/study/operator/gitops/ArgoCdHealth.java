package dev.study.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs docs/argocd-health.lua, the health check the docs tell Argo CD users to install, on a StudyGroup as JSON:
 * the script gets the object as the global {@code obj}, as in Argo CD, and returns {@code {status, message}}.
 */
final class ArgoCdHealth {
  static final Path SCRIPT = Path.of("docs", "argocd-health.lua");

  record Verdict(String status, String message) {}

  private ArgoCdHealth() {}

  static Verdict of(JsonNode object) {
    String script;
    try {
      script = Files.readString(SCRIPT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCRIPT.toAbsolutePath(), e);
    }
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(object));
    LuaValue result = globals.load(script, "argocd-health.lua").call();
    return new Verdict(result.get("status").tojstring(), result.get("message").optjstring(""));
  }

  /** JSON to Lua as Argo CD does it: objects and arrays become tables (arrays 1-based), null is nil. */
  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isNull()) {
          table.set(e.getKey(), toLua(e.getValue()));
        }
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
