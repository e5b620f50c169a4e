/** Option parsers shared by the commands. */
import { InvalidArgumentError } from 'commander';

/**
 * A repeatable `--protect <glob>`. An empty or blank glob matches no address, so the operator
 * would believe something is protected while nothing is: that is a usage error, not a no-op.
 */
export function collectGlob(value: string, previous: string[] = []): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('an empty glob protects nothing; name an address or a pattern such as "aws_db_instance.*"');
  return [...previous, value];
}
