import { GraphQLError } from 'graphql';
import { attachmentList, requiredText } from './input';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).message;
  }
  throw new Error('expected a refusal');
}

describe('attachments', () => {
  it.each([
    ['javascript:alert(1)', 'attachments[0] must be an https URL; javascript: is not accepted'],
    ['JavaScript:alert(1)', 'attachments[0] must be an https URL; javascript: is not accepted'],
    ['data:image/svg+xml;base64,PHN2Zy8+', 'attachments[0] must be an https URL; data: is not accepted'],
    ['http://evidence.example/1.jpg', 'attachments[0] must be an https URL; http: is not accepted'],
    ['oss://evidence/1.jpg', 'attachments[0] must be an https URL; oss: is not accepted'],
    ['//evidence.example/1.jpg', 'attachments[0] must be an https URL (https://host/path)'],
    ['https://', 'attachments[0] must be an https URL (https://host/path)'],
    ['https://user@evidence.example/1.jpg', 'attachments[0] must not carry a user name or password'],
    ['https://:pw@evidence.example/1.jpg', 'attachments[0] must not carry a user name or password'],
    [' https://evidence.example/1.jpg', 'attachments[0] must not contain spaces or control characters'],
    ['https://evidence.example/\n1.jpg', 'attachments[0] must not contain spaces or control characters'],
    ['java\tscript:alert(1)', 'attachments[0] must not contain spaces or control characters'],
    [`https://evidence.example/${'x'.repeat(476)}`, 'attachments[0] is 501 characters; at most 500 are allowed'],
  ])('refuses %j', (value, message) => {
    expect(refusal(() => attachmentList([value]))).toBe(message);
  });

  it('refuses a URL that only grows past the limit when normalized', () => {
    const value = `https://evidence.example/${'照'.repeat(100)}`;
    expect(value.length).toBeLessThanOrEqual(500);
    expect(refusal(() => attachmentList([value]))).toMatch(/is 925 characters once normalized; at most 500/);
  });

  it('keeps https URLs in the normal form the parser gives them', () => {
    expect(attachmentList(['HTTPS://Evidence.Example:443/a/../b.jpg?x=1#p', 'https://evidence.example/e/照片.jpg'])).toEqual([
      'https://evidence.example/b.jpg?x=1#p',
      'https://evidence.example/e/%E7%85%A7%E7%89%87.jpg',
    ]);
    expect(attachmentList(null)).toEqual([]);
  });

  it('takes at most 20 and names the one that is wrong', () => {
    expect(refusal(() => attachmentList(Array(21).fill('https://e.example/1.jpg')))).toBe('at most 20 attachments, got 21');
    expect(refusal(() => attachmentList(['https://e.example/1.jpg', 'data:,x']))).toMatch(/^attachments\[1\]/);
  });
});

describe('free text', () => {
  it('refuses NUL and other control characters, which PostgreSQL or a screen cannot take', () => {
    expect(refusal(() => requiredText('路面\u0000破损', 'description'))).toBe('description must not contain control characters (tab and line breaks are fine)');
    expect(refusal(() => requiredText('a\u001bb', 'note'))).toMatch(/^note must not contain control characters/);
    expect(requiredText('第一行\n第二行\t完', 'description')).toBe('第一行\n第二行\t完');
  });

  it('refuses half a surrogate pair but keeps whole ones', () => {
    expect(refusal(() => requiredText('bad \ud800 text', 'comment'))).toBe('comment is not well-formed Unicode (half a surrogate pair)');
    expect(refusal(() => requiredText('bad \udc00', 'comment'))).toMatch(/not well-formed/);
    expect(requiredText('好评 😀', 'comment')).toBe('好评 😀');
  });
});
