// One store for a test: a real printer, the cloud stand-in (optionally behind a TCP proxy the
// test can cut), and the agent process between them.
import { TcpProxy } from "@preprint/test-support";
import { AgentProcess } from "./agent-process";
import { CloudStandIn } from "./cloud-stand-in";
import { TestPrinter, type TestPrinterOptions } from "./ipp-printer";

export interface Rig {
  printer: TestPrinter;
  cloud: CloudStandIn;
  agent: AgentProcess;
  proxy?: TcpProxy;
  stop(): Promise<void>;
}

export async function startRig(
  opts: { printer?: TestPrinterOptions; proxy?: boolean; agentEnv?: Record<string, string>; startAgent?: boolean } = {},
): Promise<Rig> {
  const printer = await TestPrinter.start(opts.printer);
  const cloud = new CloudStandIn();
  await cloud.start();
  let proxy: TcpProxy | undefined;
  if (opts.proxy) {
    proxy = new TcpProxy({ targetPort: cloud.port });
    await proxy.start();
  }
  const agent = new AgentProcess({
    cloudUrl: proxy ? `http://127.0.0.1:${proxy.port}` : cloud.url,
    token: cloud.token,
    printerUri: printer.uri,
    env: opts.agentEnv,
  });
  if (opts.startAgent ?? true) agent.start();
  return {
    printer,
    cloud,
    agent,
    proxy,
    async stop() {
      await agent.stop();
      await proxy?.close();
      await cloud.close();
      await printer.stop();
      agent.removeState();
    },
  };
}
