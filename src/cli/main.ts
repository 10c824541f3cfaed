export async function main(argv: string[]): Promise<number> {
  console.log('tsprov', argv.join(' '));
  return 0;
}
