import { BlueprintIssue } from '../model/errors';

const VALIDATION_FAILED = 'Validation failed with the following errors:';
const CODE = /\s*\[(ZT-[A-Z]+-\d{3})\]\s*$/;
const LINE = /^\s*\[([^\]]*)\]\s(.*)$/;

/**
 * The problems of a failed `cdk8s` validation (the checks of the rendered output, such as the layer
 * agreement), one issue per line with the construct path as its path; undefined for any other error.
 * A line without a code of the library gets the CLI's code for rendered-output problems.
 */
export function cdk8sValidationIssues(err: unknown): BlueprintIssue[] | undefined {
  if (!(err instanceof Error) || !err.message.startsWith(VALIDATION_FAILED)) {
    return undefined;
  }
  return err.message.slice(VALIDATION_FAILED.length).split('\n').filter((l) => l.trim() !== '').map((line) => {
    const parsed = LINE.exec(line);
    const text = parsed ? parsed[2] : line.trim();
    const code = CODE.exec(text);
    return {
      code: code ? code[1] : 'ZT-CLI-001',
      path: parsed ? parsed[1] : '',
      message: code ? text.replace(CODE, '') : text,
    };
  });
}
