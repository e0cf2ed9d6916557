/** One problem with one field of an input, named by its path (e.g. `data.contact.phone`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}
