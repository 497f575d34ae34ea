/**
 * The floor for the whole-world figure: the least a Node program using the AWS SDK must do to
 * read the world's longest request chain — SSM's DescribeParameters pages and the GetParameters
 * of each page, both environments at once, nothing else (no config, no other source, no
 * report). bench/run.ts bundles it the way parity is bundled and times it through the same
 * latency proxy: parity cannot be faster than this on this machine.
 *
 *   node floor.js /app/staging/ /app/production/
 */
import { DescribeParametersCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';

const client = new SSMClient({});

async function read(path: string): Promise<number> {
  const batches: Promise<unknown>[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [path.slice(0, -1)] }],
        MaxResults: 50,
        NextToken: token,
      }),
    );
    const names = (page.Parameters ?? []).flatMap((p) => (p.Name ? [p.Name] : []));
    for (let i = 0; i < names.length; i += 10) {
      batches.push(
        client.send(
          new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }),
        ),
      );
    }
    token = page.NextToken;
  } while (token);
  return (await Promise.all(batches)).length;
}

await Promise.all(process.argv.slice(2).map(read));
